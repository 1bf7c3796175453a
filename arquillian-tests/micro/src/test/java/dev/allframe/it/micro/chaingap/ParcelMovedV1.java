package dev.allframe.it.micro.chaingap;

import dev.allframe.cqrs.JsonUpcaster;
import dev.allframe.cqrs.Upcaster;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/** ParcelMoved v1 {@code {"parcel", "place"}} → v2 {@code {"parcel", "to"}}. */
@Upcaster(event = "ParcelMoved", from = 1)
public class ParcelMovedV1 implements JsonUpcaster {
    @Override
    public JsonObject upcast(JsonObject v1) {
        return Json.createObjectBuilder().add("parcel", v1.getString("parcel")).add("to", v1.getString("place")).build();
    }
}
