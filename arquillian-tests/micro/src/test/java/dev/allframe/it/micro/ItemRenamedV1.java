package dev.allframe.it.micro;

import dev.allframe.cqrs.JsonUpcaster;
import dev.allframe.cqrs.Upcaster;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/** ItemRenamed v1 {@code {"name"}} → v2 {@code {"newName", "by"}}. */
@Upcaster(event = "ItemRenamed", from = 1)
public class ItemRenamedV1 implements JsonUpcaster {
    @Override
    public JsonObject upcast(JsonObject v1) {
        return Json.createObjectBuilder().add("newName", v1.getString("name")).add("by", "upcaster").build();
    }
}
