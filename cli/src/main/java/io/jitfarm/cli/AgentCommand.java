package io.jitfarm.cli;

import io.jitfarm.agent.AgentOptions;
import io.jitfarm.agent.AgentVerticle;
import java.net.URI;
import java.nio.file.Path;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Run an agent: register the devices of --devices with the coordinator and run the jobs",
            "it is given in real browsers. Keeps results on disk until the coordinator has them."})
final class AgentCommand extends Subcommand {

    @Option(names = "--coordinator", required = true, paramLabel = "URL", description = "e.g. http://127.0.0.1:8420")
    URI coordinator;

    @Option(names = "--devices", defaultValue = "devices.yaml", paramLabel = "FILE",
            description = "Device inventory (default: ${DEFAULT-VALUE}).")
    Path devices;

    @Option(names = "--id", description = "Agent id (default: agent-<hostname>).")
    String agentId;

    @Option(names = "--work-dir", defaultValue = AgentOptions.DEFAULT_WORK_DIR,
            description = "Spool, browser profiles and temporary files (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--page-host", defaultValue = "127.0.0.1",
            description = "Address to serve the harness page on; the devices' browsers must reach it (default: ${DEFAULT-VALUE}).")
    String pageHost;

    @Override
    public Integer call() throws InterruptedException {
        AgentOptions options = AgentOptions.fromConfig(new JsonObject()
                .put(AgentOptions.COORDINATOR, coordinator.toString())
                .put(AgentOptions.DEVICES, devices.toString())
                .put(AgentOptions.WORK_DIR, workDir.toString())
                .put(AgentOptions.PAGE_HOST, pageHost)
                .put(AgentOptions.AGENT_ID, agentId == null ? AgentOptions.defaultAgentId() : agentId));
        return serveUntilShutdown(new AgentVerticle(), options.toConfig(), "agent",
                "agent " + options.agentId() + " running for " + coordinator + " (Ctrl-C to stop)");
    }
}
