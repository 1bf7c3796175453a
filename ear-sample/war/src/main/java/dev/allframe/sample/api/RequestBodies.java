package dev.allframe.sample.api;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.List;

/** Parses request bodies, turning malformed JSON into a {@link BadRequest}. */
final class RequestBodies {
    private RequestBodies() {
    }

    static JsonObject parseObject(String body) {
        if (body == null || body.isBlank()) throw new BadRequest(List.of("body: must be a JSON object, was empty"));
        JsonValue v;
        try (JsonReader r = Json.createReader(new StringReader(body))) {
            v = r.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new BadRequest(List.of("body: malformed JSON: " + e.getMessage()));
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) throw new BadRequest(List.of("body: must be a JSON object"));
        return v.asJsonObject();
    }
}
