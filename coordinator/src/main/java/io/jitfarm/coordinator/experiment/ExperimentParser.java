package io.jitfarm.coordinator.experiment;

import static io.jitfarm.common.config.ConfigNode.keys;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.jitfarm.common.config.ConfigException;
import io.jitfarm.common.config.ConfigNode;
import io.jitfarm.common.config.Suggestions;
import io.jitfarm.common.config.YamlDocument;
import io.jitfarm.common.device.DeviceDescriptor;
import io.jitfarm.common.device.DeviceInventory;
import io.jitfarm.common.job.MeasureSpec;
import io.jitfarm.common.job.TuningSpec;
import io.jitfarm.common.job.Workload;
import io.jitfarm.jit.model.ModelArchitecture;
import io.jitfarm.jit.kernel.Epilogue;
import io.jitfarm.jit.op.KernelOp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads an experiment file and checks everything that can be checked before a job runs, reporting
 * every problem with file, line, column and key. Nothing comes out of a file with any error.
 */
public final class ExperimentParser {
    /** No operand may hold more elements than a 32-bit Wasm memory can address as fp32 and then some. */
    public static final long MAX_OPERAND_ELEMENTS = 1L << 31;
    public static final int MAX_THREADS = 64;
    public static final int DEFAULT_SEQ = 128;
    private static final double MAX_BUDGET_S = 24 * 3600;
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private static final Set<String> TOP = keys("name", "devices", "backends", "threads", "workloads", "tuning",
            "baselines", "measure", "metrics", "schedule", "regression");
    private static final Set<String> DEVICES = keys("ids", "match");
    private static final Set<String> KERNEL_WORKLOAD = keys("kernel", "shapes", "bias", "activation");
    /** The Linear epilogue's activations (jit's {@code Epilogue.Activation}). */
    private static final List<String> ACTIVATIONS = Arrays.stream(Epilogue.Activation.values())
            .map(Epilogue.Activation::id).toList();
    private static final Set<String> MODEL_WORKLOAD = keys("model", "seq", "phase");
    private static final List<String> PHASES = List.of(Workload.Model.PREFILL, Workload.Model.DECODE);
    private static final Set<String> TUNING = keys("budget_s", "space");
    private static final Set<String> MEASURE = keys("warmup", "repeats", "min_time_ms");
    private static final Set<String> REGRESSION = keys("compare_to", "threshold_pct");

    private final Collection<DeviceDescriptor> knownDevices;

    /** @param knownDevices devices an experiment may name: the inventory plus those agents registered */
    public ExperimentParser(Collection<DeviceDescriptor> knownDevices) {
        this.knownDevices = List.copyOf(knownDevices);
    }

    public Experiment parse(Path file) throws ConfigException {
        return read(YamlDocument.read(file));
    }

    public Experiment parse(String file, String text) throws ConfigException {
        return read(YamlDocument.parse(file, text));
    }

    private Experiment read(YamlDocument doc) throws ConfigException {
        ConfigNode root = doc.root();
        root.mapping(TOP);
        for (String required : List.of("name", "devices", "backends", "workloads")) {
            root.get(required).require();
        }
        String name = root.get("name").identifier("", "[A-Za-z0-9][A-Za-z0-9_-]{0,63}",
                "a name (letters, digits, - and _, at most 64)");
        DeviceSelection devices = devices(root.get("devices"));
        List<String> backends = choices(root.get("backends"), Experiment.BACKENDS, "backend", true);
        List<Integer> threads = threads(root.get("threads"));
        List<Workload> workloads = new ArrayList<>();
        for (ConfigNode item : root.get("workloads").list(true)) {
            workload(item).ifPresent(workloads::add);
        }
        TuningSpec tuning = tuning(root.get("tuning"));
        List<String> baselines = choices(root.get("baselines"), Experiment.BASELINES, "baseline", false);
        MeasureSpec measure = measure(root.get("measure"));
        List<String> metrics = root.get("metrics").present()
                ? choices(root.get("metrics"), Experiment.METRICS, "metric", true) : List.of("latency");
        Optional<String> schedule = schedule(root.get("schedule"));
        Optional<Experiment.Regression> regression = regression(root.get("regression"));
        doc.throwIfErrors();
        return new Experiment(name, doc.file(), devices, backends, threads, workloads, tuning, baselines, measure,
                metrics, schedule, regression);
    }

    private DeviceSelection devices(ConfigNode node) {
        if (!node.mapping(DEVICES)) {
            return DeviceSelection.ofIds(List.of());
        }
        String kind = node.exactlyOneOf("ids", "match").orElse("");
        if (kind.equals("ids")) {
            List<String> ids = new ArrayList<>();
            List<String> known = knownDevices.stream().map(DeviceDescriptor::id).toList();
            for (ConfigNode idNode : distinct(node.get("ids").list(true))) {
                String id = idNode.identifier(null, DeviceInventory.ID_PATTERN, "a device id");
                if (id != null && !known.contains(id)) {
                    idNode.error("unknown device id \"" + id + "\"" + Suggestions.didYouMean(id, known)
                            + " (known: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
                } else if (id != null) {
                    ids.add(id);
                }
            }
            return DeviceSelection.ofIds(ids);
        }
        if (kind.equals("match")) {
            Map<String, String> match = new LinkedHashMap<>();
            node.get("match").members().forEach((attribute, value) -> match.put(attribute, value.scalarText("")));
            DeviceSelection selection = DeviceSelection.matching(match);
            if (match.isEmpty()) {
                node.get("match").error("must name at least one attribute, e.g. {browser: chromium}");
            } else if (selection.select(knownDevices).isEmpty()) {
                node.get("match").error("matches no known device (known: " + describeKnown() + ")");
            }
            return selection;
        }
        return DeviceSelection.ofIds(List.of());
    }

    private String describeKnown() {
        if (knownDevices.isEmpty()) {
            return "none";
        }
        return knownDevices.stream()
                .map(d -> d.id() + " {driver: " + d.driver() + ", browser: " + d.browser()
                        + d.tags().entrySet().stream().map(e -> ", " + e.getKey() + ": " + e.getValue())
                                .collect(Collectors.joining()) + "}")
                .collect(Collectors.joining("; "));
    }

    private static List<String> choices(ConfigNode node, List<String> allowed, String what, boolean nonEmpty) {
        return distinct(node.list(nonEmpty)).stream()
                .map(n -> n.choice(allowed, null, what))
                .filter(c -> c != null)
                .toList();
    }

    private static List<Integer> threads(ConfigNode node) {
        if (!node.present()) {
            return List.of(1);
        }
        return distinct(node.list(true)).stream()
                .map(n -> n.integer(1, MAX_THREADS, null))
                .filter(t -> t != null)
                .map(Long::intValue)
                .toList();
    }

    /** Reports items listed twice and returns the others. */
    private static List<ConfigNode> distinct(List<ConfigNode> items) {
        Set<String> seen = new HashSet<>();
        List<ConfigNode> kept = new ArrayList<>();
        for (ConfigNode item : items) {
            String id = item.json().isValueNode() ? item.json().asText() : item.json().toString();
            if (!seen.add(id)) {
                item.error(id + " is listed twice");
            } else {
                kept.add(item);
            }
        }
        return kept;
    }

    private static Optional<Workload> workload(ConfigNode node) {
        if (!node.isObject()) {
            node.error("expected a mapping like {kernel: matmul, shapes: [[M, K, N]]} or {model: bert-base, seq: 384}, got "
                    + ConfigNode.describe(node.json()));
            return Optional.empty();
        }
        String kind = node.exactlyOneOf("kernel", "model").orElse("");
        if (kind.equals("kernel")) {
            node.mapping(KERNEL_WORKLOAD);
            return kernel(node);
        }
        if (kind.equals("model")) {
            node.mapping(MODEL_WORKLOAD);
            String model = node.get("model").choice(ModelArchitecture.wireNames(), null, "model");
            if (model == null) {
                return Optional.empty();
            }
            ModelArchitecture architecture = ModelArchitecture.byWireName(model).orElseThrow();
            Long seq = node.get("seq").integer(1, architecture.maxSeq(), (long) DEFAULT_SEQ);
            String phase = node.get("phase").choice(PHASES, Workload.Model.PREFILL, "phase");
            if (phase.equals(Workload.Model.DECODE) && !architecture.decoderOnly()) {
                node.get("phase").error("decode needs a decoder-only model (gpt2, llama2-7b), not " + model);
            }
            return seq == null ? Optional.empty() : Optional.of(new Workload.Model(model, seq.intValue(), phase));
        }
        node.mapping(union(KERNEL_WORKLOAD, MODEL_WORKLOAD));
        return Optional.empty();
    }

    private static Optional<Workload> kernel(ConfigNode node) {
        String name = node.get("kernel").choice(KernelOp.wireNames(), null, "kernel");
        node.get("shapes").require();
        List<ConfigNode> shapeNodes = distinct(node.get("shapes").list(true));
        if (name == null) {
            return Optional.empty();
        }
        KernelOp op = KernelOp.byWireName(name).orElseThrow();
        List<List<Integer>> shapes = new ArrayList<>();
        for (ConfigNode shapeNode : shapeNodes) {
            shape(op, shapeNode).ifPresent(shapes::add);
        }
        if (op != KernelOp.LINEAR) {
            rejectEpilogue(node, name);
        }
        boolean bias = node.get("bias").bool(false);
        String activation = node.get("activation").choice(ACTIVATIONS, Workload.Kernel.NO_ACTIVATION, "activation");
        return shapes.size() == shapeNodes.size() && !shapes.isEmpty()
                ? Optional.of(new Workload.Kernel(name, shapes, bias, activation)) : Optional.empty();
    }

    /** Only Linear has an epilogue; the keys anywhere else are an error, not silently ignored. */
    private static void rejectEpilogue(ConfigNode node, String kernel) {
        for (String key : List.of("bias", "activation")) {
            if (node.get(key).present()) {
                node.get(key).error("applies to linear kernels only, not " + kernel);
            }
        }
    }

    private static Optional<List<Integer>> shape(KernelOp op, ConfigNode node) {
        List<ConfigNode> dims = node.list(true);
        if (!node.json().isArray()) {
            return Optional.empty();
        }
        if (dims.size() != op.dimensions().size()) {
            node.error(op.wireName() + " takes " + op.dimensions().size() + " dimensions " + op.dimensions()
                    + ", got " + dims.size());
            return Optional.empty();
        }
        List<Long> values = new ArrayList<>();
        for (ConfigNode dim : dims) {
            Long value = dim.integer(1, Integer.MAX_VALUE, null);
            if (value == null) {
                return Optional.empty();
            }
            values.add(value);
        }
        long[] operands = op.operandElements(values);
        String[] names = {"A", "B", "C"};
        for (int i = 0; i < operands.length; i++) {
            if (operands[i] > MAX_OPERAND_ELEMENTS) {
                node.error("absurd shape " + values + ": operand " + names[i] + " would hold "
                        + (operands[i] == Long.MAX_VALUE ? "more than 2^63" : operands[i])
                        + " elements (limit 2^31)");
                return Optional.empty();
            }
        }
        return Optional.of(values.stream().map(Long::intValue).toList());
    }

    private static TuningSpec tuning(ConfigNode node) {
        if (!node.mapping(TUNING)) {
            return TuningSpec.DEFAULT;
        }
        Double budget = node.get("budget_s").positive(MAX_BUDGET_S, TuningSpec.DEFAULT.budgetS());
        String space = node.get("space").choice(Experiment.SPACES, TuningSpec.DEFAULT.space(), "space");
        return new TuningSpec(budget, space);
    }

    private static MeasureSpec measure(ConfigNode node) {
        if (!node.mapping(MEASURE)) {
            return MeasureSpec.DEFAULT;
        }
        MeasureSpec d = MeasureSpec.DEFAULT;
        long warmup = node.get("warmup").integer(0, 1000, (long) d.warmup());
        long repeats = node.get("repeats").integer(1, 100_000, (long) d.repeats());
        long minTime = node.get("min_time_ms").integer(0, 3_600_000, (long) d.minTimeMs());
        return new MeasureSpec((int) warmup, (int) repeats, (int) minTime);
    }

    private static Optional<String> schedule(ConfigNode node) {
        String cron = node.text(null);
        if (cron == null) {
            return Optional.empty();
        }
        try {
            CRON.parse(cron).validate();
            return Optional.of(cron);
        } catch (IllegalArgumentException e) {
            node.error("\"" + cron + "\" is not a cron expression with 5 fields (minute hour day month weekday): "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Experiment.Regression> regression(ConfigNode node) {
        if (!node.mapping(REGRESSION)) {
            return Optional.empty();
        }
        String compareTo = node.get("compare_to").choice(Experiment.Regression.COMPARE_TO, "previous", "compare_to");
        Double threshold = node.get("threshold_pct").positive(1000, 5.0);
        return Optional.of(new Experiment.Regression(compareTo, threshold));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
