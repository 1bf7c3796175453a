package dev.allframe.sample.api;

import dev.allframe.cqrs.ExpectedVersion;
import dev.allframe.cqrs.JsonEvent;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestParsingTest {

    private static StreamResource.AppendRequestBody parse(String body) {
        return StreamResource.AppendRequestBody.parse(body);
    }

    private static void refused(String body, String violation) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(BadRequest.class)
                .satisfies(e -> assertThat(((BadRequest) e).violations()).anySatisfy(v -> assertThat(v).contains(violation)));
    }

    @Test
    void acceptsBothForms() {
        StreamResource.AppendRequestBody single = parse("{\"type\":\"T\",\"data\":{\"a\":[1,\"x\",null,true,{\"b\":2.5}]}}");
        assertThat(single.expectedVersion()).isEqualTo(ExpectedVersion.ANY);
        assertThat(((JsonEvent) single.events().get(0).payload()).data().toString()).isEqualTo("{\"a\":[1,\"x\",null,true,{\"b\":2.5}]}");
        UUID id = UUID.randomUUID();
        StreamResource.AppendRequestBody batch = parse("{\"expectedVersion\":0,\"events\":[{\"type\":\"T\",\"data\":{},\"id\":\"" + id + "\"}]}");
        assertThat(batch.expectedVersion()).isEqualTo(0);
        assertThat(batch.events().get(0).id()).isEqualTo(id);
        assertThat(parse("{\"type\":\"T\",\"data\":{},\"id\":\"" + id.toString().toUpperCase() + "\"}").events().get(0).id()).isEqualTo(id);
    }

    @Test
    void refusesWhatWasSilentlyAcceptedBefore() {
        refused("{\"type\":\"T\",\"data\":{}} trailing", "malformed JSON");
        refused("{\"type\":\"T\",\"data\":{}}{}", "malformed JSON");
        refused("{\"type\":\"T\",\"data\":{},\"type\":\"U\"}", "type: duplicate key");
        refused("{\"type\":\"T\",\"data\":{\"a\":1,\"a\":2}}", "data.a: duplicate key");
        refused("{\"type\":\"T\",\"data\":{},\"metadata\":{\"k\":\"v\"}}", "metadata: unknown field");
        refused("{\"type\":\"T\",\"data\":{},\"events\":[{\"type\":\"U\",\"data\":{}}]}", "type: unknown field next to \"events\"");
        refused("{\"events\":[{\"type\":\"U\",\"data\":{},\"meta\":1}]}", "events[0].meta: unknown field");
        refused("{\"type\":\"T\",\"data\":{},\"id\":\"1-1-1-1-1\"}", "id: must be a UUID string");
        refused("{\"type\":\"T\",\"data\":{},\"id\":\"00000000-0000-0000-0000-000000000000\"}", "nil UUID");
        String id = UUID.randomUUID().toString();
        refused("{\"events\":[{\"type\":\"T\",\"data\":{},\"id\":\"" + id + "\"},{\"type\":\"T\",\"data\":{},\"id\":\"" + id + "\"}]}",
                "events[1].id: " + id + " is used by an earlier event");
        refused("{\"type\":\"T\",\"data\":{\"s\":\"a\\ud800b\"}}", "data.s: contains an unpaired UTF-16 surrogate");
        refused("{\"type\":\"a\\nb\",\"data\":{}}", "type: must not contain control characters (U+000A");
    }

    @Test
    void parserLimitsAreA400() {
        refused("{\"type\":\"T\",\"data\":{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}}", "nested deeper than " + RequestBodies.MAX_DEPTH);
        refused("{\"type\":\"T\",\"data\":{\"n\":" + "9".repeat(200_000) + "}}", "malformed JSON");
        refused("", "was empty");
        refused("[1]", "must be a JSON object");
    }

    @Test
    void bodiesAreReadStrictlyAndWithinTheLimit() {
        MediaType json = MediaType.APPLICATION_JSON_TYPE;
        byte[] ok = "{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(RequestBodies.read(new ByteArrayInputStream(ok), json, ok.length, 100)).isEqualTo("{\"a\":\"\u00e9\"}");
        byte[] latin1 = "{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(RequestBodies.read(new ByteArrayInputStream(latin1), new MediaType("application", "json", "ISO-8859-1"), -1, 100))
                .isEqualTo("{\"a\":\"\u00e9\"}");
        assertThatThrownBy(() -> RequestBodies.read(new ByteArrayInputStream(latin1), json, -1, 100))
                .isInstanceOf(BadRequest.class).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> RequestBodies.read(new ByteArrayInputStream(new byte[101]), json, -1, 100))
                .isInstanceOfSatisfying(ApiProblem.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThatThrownBy(() -> RequestBodies.read(new ByteArrayInputStream(new byte[1]), json, 5_000_000, 100))
                .isInstanceOfSatisfying(ApiProblem.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThatThrownBy(() -> RequestBodies.read(new ByteArrayInputStream(ok), new MediaType("application", "json", "nope"), -1, 100))
                .isInstanceOfSatisfying(ApiProblem.class, e -> assertThat(e.status()).isEqualTo(415));
    }

    @Test
    void namesWithControlCharactersOrLoneSurrogatesAreRefused() {
        assertThat(TextChecks.problem("account-42/\u00fc\u20ac\uD83D\uDE00")).isNull();
        assertThat(TextChecks.problem("a\u0000b")).contains("U+0000");
        assertThat(TextChecks.problem("a\u007Fb")).contains("U+007F");
        assertThat(TextChecks.problem("a\uDC00")).contains("unpaired");
    }
}
