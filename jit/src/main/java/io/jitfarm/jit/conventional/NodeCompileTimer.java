package io.jitfarm.jit.conventional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times {@code await WebAssembly.compile(bytes)} for many modules in one Node process: V8 as in
 * Chromium, though not Chromium's version of it (Node 20 has V8 11.3). Each module is compiled
 * {@code repeats} times and its median reported; a few untimed compilations first warm V8 up.
 */
public final class NodeCompileTimer {

    public static final String DEFAULT_NODE = "node";

    /** How much of the compilation {@code WebAssembly.compile} waits for; V8 flags select it. */
    public enum Mode {
        /** V8's default, as in Chromium: decode and validate; each function compiles on its first call. */
        LAZY("decode + validate only (V8 default: functions compile at first call)"),
        /** Every function compiled by Liftoff, the baseline compiler a first call would use. */
        BASELINE("eager Liftoff (baseline) compilation", "--no-wasm-lazy-compilation", "--liftoff-only"),
        /** Every function compiled by TurboFan, the code a hot kernel runs once tiered up. */
        OPTIMIZING("eager TurboFan (optimizing) compilation", "--no-wasm-lazy-compilation", "--no-liftoff");

        private final String description;
        private final List<String> v8Flags;

        Mode(String description, String... v8Flags) {
            this.description = description;
            this.v8Flags = List.of(v8Flags);
        }

        public String description() {
            return description;
        }

        public List<String> v8Flags() {
            return v8Flags;
        }
    }

    /** Relaxed SIMD is on by default in Chromium, not yet in Node 20; the JIT's FMA kernels need it. */
    private static final String RELAXED_SIMD = "--experimental-wasm-relaxed-simd";
    private static final int WARMUP_COMPILATIONS = 4;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String SCRIPT = """
            // usage: node [v8 flags] compile-time.mjs <file listing one .wasm path per line> <repeats> <warm-ups>
            // prints one line per module: <index> TAB <median ms of await WebAssembly.compile>
            import { readFileSync } from 'node:fs';

            const [listPath, repeats, warmups] = process.argv.slice(2);
            const paths = readFileSync(listPath, 'utf8').split('\\n').filter(Boolean);
            const modules = paths.map((path) => readFileSync(path));

            // V8 keeps compiled modules by their bytes and would answer the same bytes from that cache, so
            // every compilation gets its own copy, made unique by a custom section that V8 skips.
            let copies = 0;
            function uniqueCopy(bytes) {
              const name = new TextEncoder().encode('jitfarm-copy');
              const payload = new TextEncoder().encode(String(copies++));
              const content = [name.length, ...name, ...payload];
              const section = Uint8Array.from([0, content.length, ...content]);
              const copy = new Uint8Array(bytes.length + section.length);
              copy.set(bytes);
              copy.set(section, bytes.length);
              return copy;
            }

            async function compileMs(bytes) {
              const copy = uniqueCopy(bytes);
              const start = performance.now();
              await WebAssembly.compile(copy);
              return performance.now() - start;
            }

            for (let i = 0; i < Number(warmups); i++) {
              await compileMs(modules[i % modules.length]);
            }
            for (const [index, bytes] of modules.entries()) {
              const times = [];
              for (let r = 0; r < Number(repeats); r++) {
                times.push(await compileMs(bytes));
              }
              times.sort((x, y) => x - y);
              console.log(`${index}\\t${times[Math.floor(times.length / 2)]}`);
            }
            """;

    private final String node;
    private final Path workDirectory;
    private final Mode mode;
    private final int repeats;

    public NodeCompileTimer(String node, Path workDirectory, Mode mode, int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be positive: " + repeats);
        }
        this.node = node;
        this.workDirectory = workDirectory;
        this.mode = mode;
        this.repeats = repeats;
    }

    public Mode mode() {
        return mode;
    }

    public int repeats() {
        return repeats;
    }

    /** e.g. {@code Node v20.20.2, V8 11.3.244.8-node.38}. */
    public String version() {
        return ToolProcess.output(List.of(node, "-p", "`Node ${process.version}, V8 ${process.versions.v8}`"), TIMEOUT)
                .strip();
    }

    /** The median compile time of each module in milliseconds, in the order given. */
    public List<Double> compileMs(List<byte[]> modules) {
        try {
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < modules.size(); i++) {
                paths.add(Files.write(workDirectory.resolve("compile-" + i + ".wasm"), modules.get(i)).toString());
            }
            Path list = Files.write(workDirectory.resolve("compile-modules.txt"), paths);
            Path script = Files.writeString(workDirectory.resolve("compile-time.mjs"), SCRIPT);
            List<String> command = new ArrayList<>(List.of(node, RELAXED_SIMD));
            command.addAll(mode.v8Flags());
            command.addAll(List.of(script.toString(), list.toString(), Integer.toString(repeats),
                    Integer.toString(Math.min(WARMUP_COMPILATIONS, modules.size()))));
            return parse(ToolProcess.output(command, TIMEOUT), modules.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Double> parse(String output, int count) {
        Double[] ms = new Double[count];
        output.lines().filter(line -> line.matches("\\d+\t.+")).forEach(line -> {
            String[] fields = line.split("\t");
            ms[Integer.parseInt(fields[0])] = Double.parseDouble(fields[1]);
        });
        for (int i = 0; i < count; i++) {
            if (ms[i] == null) {
                throw new IllegalStateException(String.format(Locale.ROOT, "node reported no time for module %d:%n%s",
                        i, output));
            }
        }
        return List.of(ms);
    }
}
