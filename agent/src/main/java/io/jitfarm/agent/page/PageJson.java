package io.jitfarm.agent.page;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jitfarm.common.protocol.ProtocolCodec;
import io.vertx.core.json.JsonObject;

/** The page speaks Vert.x JSON; the coordinator protocol speaks Jackson trees. This crosses between them. */
public final class PageJson {
    private PageJson() {
    }

    /** A Jackson tree of {@code value}: Vert.x JSON by its text, anything else by Jackson's data binding. */
    public static JsonNode toNode(Object value) {
        if (value instanceof JsonObject json) {
            try {
                return ProtocolCodec.JSON.readTree(json.encode());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return ProtocolCodec.JSON.valueToTree(value);
    }
}
