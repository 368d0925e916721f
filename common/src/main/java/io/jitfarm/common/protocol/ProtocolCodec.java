package io.jitfarm.common.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns {@link AgentMessage}s into WebSocket text frames and back. */
public final class ProtocolCodec {
    /** Shared mapper: strict about unknown fields so protocol drift shows up at once. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ProtocolCodec() {
    }

    public static String encode(AgentMessage message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** Decodes a frame; throws {@link IllegalArgumentException} with a readable reason for a bad one. */
    public static AgentMessage decode(String text) {
        try {
            return JSON.readValue(text, AgentMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad message: " + e.getOriginalMessage(), e);
        }
    }
}
