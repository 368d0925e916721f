package io.jitfarm.coordinator.scheduler;

import io.jitfarm.common.protocol.AgentMessage;

/** A message the scheduler wants delivered to an agent (dropped if that agent is not connected). */
public record Outgoing(String agentId, AgentMessage message) {
}
