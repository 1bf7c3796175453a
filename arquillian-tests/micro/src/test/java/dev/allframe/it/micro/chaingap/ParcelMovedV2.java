package dev.allframe.it.micro.chaingap;

import dev.allframe.cqrs.JsonUpcaster;
import dev.allframe.cqrs.Upcaster;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/** ParcelMoved v2 → v3 (adds {@code "by"}); the step the broken deployment leaves out. */
@Upcaster(event = "ParcelMoved", from = 2)
public class ParcelMovedV2 implements JsonUpcaster {
    @Override
    public JsonObject upcast(JsonObject v2) {
        return Json.createObjectBuilder(v2).add("by", "upcaster").build();
    }
}
