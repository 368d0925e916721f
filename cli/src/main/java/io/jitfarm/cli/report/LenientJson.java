package io.jitfarm.cli.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitfarm.common.protocol.ProtocolCodec;

/**
 * The protocol's mapper minus its strictness about unknown fields: the protocol wants drift to fail
 * loudly, but a report must still read a run recorded by an older or newer jitfarm.
 */
final class LenientJson {
    static final ObjectMapper MAPPER = ProtocolCodec.JSON.copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private LenientJson() {
    }
}
