package dev.allframe.sample.api;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.core.MediaType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and parses request bodies strictly: a body larger than the limit is a 413; bytes that are
 * not valid in the declared charset (UTF-8 by default), malformed JSON, anything after the JSON
 * value, duplicate keys, nesting deeper than {@link #MAX_DEPTH} and strings with unpaired
 * surrogates are a {@link BadRequest}. Nothing is silently replaced or dropped.
 */
final class RequestBodies {
    /** Deepest nesting of objects and arrays accepted in a body. */
    static final int MAX_DEPTH = 100;

    private RequestBodies() {
    }

    /** The body as text, at most {@code maxBytes} bytes, decoded strictly with the charset of {@code type}. */
    static String read(InputStream in, MediaType type, long contentLength, long maxBytes) {
        if (contentLength > maxBytes) throw tooLarge(contentLength + " bytes", maxBytes);
        Charset charset = StandardCharsets.UTF_8;
        String declared = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (declared != null) {
            try {
                charset = Charset.forName(declared.trim());
            } catch (RuntimeException e) {
                throw new ApiProblem(415, "Unsupported Media Type", List.of("Content-Type: unknown charset '" + declared + "' (use UTF-8)"));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) != -1; ) {
                if (bytes.size() + (long) n > maxBytes) throw tooLarge("more than " + maxBytes + " bytes", maxBytes);
                bytes.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new BadRequest(List.of("body: could not be read: " + e.getMessage()));
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest(List.of("body: not valid " + charset.name() + " text (" + e.getMessage() + ")"));
        }
    }

    private static ApiProblem tooLarge(String size, long maxBytes) {
        return new ApiProblem(413, "Payload Too Large", List.of("body: " + size + ", the limit is " + maxBytes
                + " bytes (setting sample.max-request-bytes)"));
    }

    static JsonObject parseObject(String body) {
        if (body == null || body.isBlank()) throw new BadRequest(List.of("body: must be a JSON object, was empty"));
        JsonValue v;
        try (JsonParser p = Json.createParser(new StringReader(body))) {
            v = readValue(p);
            if (p.hasNext()) throw new BadRequest(List.of("body: unexpected content after the JSON value at " + p.getLocation()));
        } catch (BadRequest e) {
            throw e;
        } catch (RuntimeException e) { // JsonParsingException, and the parser's limits (nesting, number length)
            throw new BadRequest(List.of("body: malformed JSON: " + e.getMessage()));
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) throw new BadRequest(List.of("body: must be a JSON object"));
        return v.asJsonObject();
    }

    /** One open object or array while building the tree. */
    private static final class Open {
        final String path;
        final JsonObjectBuilder object;
        final JsonArrayBuilder array;
        final Set<String> keys = new HashSet<>();
        String key;
        int index;

        Open(String path, boolean isObject) {
            this.path = path;
            this.object = isObject ? Json.createObjectBuilder() : null;
            this.array = isObject ? null : Json.createArrayBuilder();
        }

        String childPath() {
            return object != null ? (path.isEmpty() ? key : path + "." + key) : path + "[" + index + "]";
        }

        void add(JsonValue v) {
            if (object != null) object.add(key, v);
            else {
                array.add(v);
                index++;
            }
        }

        JsonValue build() {
            return object != null ? object.build() : array.build();
        }
    }

    private static JsonValue readValue(JsonParser p) {
        if (!p.hasNext()) throw new BadRequest(List.of("body: must be a JSON object, was empty"));
        Deque<Open> stack = new ArrayDeque<>();
        while (true) {
            JsonParser.Event e = p.next();
            String at = stack.isEmpty() ? "body" : stack.peek().childPath();
            JsonValue done = null;
            switch (e) {
                case START_OBJECT, START_ARRAY -> {
                    if (stack.size() >= MAX_DEPTH) throw new BadRequest(List.of((at.length() > 80 ? at.substring(0, 80) + "..." : at)
                            + ": nested deeper than " + MAX_DEPTH + " levels"));
                    stack.push(new Open(stack.isEmpty() ? "" : at, e == JsonParser.Event.START_OBJECT));
                }
                case KEY_NAME -> {
                    Open o = stack.peek();
                    String key = p.getString();
                    String path = o.path.isEmpty() ? key : o.path + "." + key;
                    if (!o.keys.add(key)) throw new BadRequest(List.of(path + ": duplicate key"));
                    String bad = TextChecks.surrogateProblem(key);
                    if (bad != null) throw new BadRequest(List.of(path + ": key " + bad));
                    o.key = key;
                }
                case VALUE_STRING -> {
                    String s = p.getString();
                    String bad = TextChecks.surrogateProblem(s);
                    if (bad != null) throw new BadRequest(List.of(at + ": " + bad));
                    done = Json.createValue(s);
                }
                case VALUE_NUMBER -> done = p.getValue();
                case VALUE_TRUE -> done = JsonValue.TRUE;
                case VALUE_FALSE -> done = JsonValue.FALSE;
                case VALUE_NULL -> done = JsonValue.NULL;
                case END_OBJECT, END_ARRAY -> done = stack.pop().build();
                default -> throw new BadRequest(List.of("body: malformed JSON"));
            }
            if (done != null) {
                if (stack.isEmpty()) return done;
                stack.peek().add(done);
            }
        }
    }
}
