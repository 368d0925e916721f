package io.jitfarm.jit.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The WebAssembly Binary Toolkit (Debian package {@code wabt}) as an independent check of the
 * binaries we write: its validator and disassembler were written from the spec without our code.
 */
public final class Wabt {

    /**
     * Shared memories. Always on: every module may import one. SIMD128 needs no flag, wabt 1.0.32
     * enables it by default.
     */
    public static final String THREADS = "--enable-threads";
    /** Relaxed SIMD, which only the FMA kernels use: off unless asked, so others cannot slip it in. */
    public static final String RELAXED_SIMD = "--enable-relaxed-simd";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Wabt() {
    }

    /** Runs wasm-validate; the result's exit code is 0 exactly when the module is valid. */
    public static ExternalProcess.Result validate(Path module, String... extraFeatures) {
        return ExternalProcess.run(TIMEOUT, command("wasm-validate", module, extraFeatures));
    }

    /**
     * Runs wasm-validate on each module from one shell, which costs far less than a process per
     * module from here; returns the modules that failed, with wasm-validate's message.
     */
    public static List<String> invalidAmong(List<Path> modules, String... extraFeatures) {
        String flags = THREADS + " " + String.join(" ", extraFeatures);
        StringBuilder script = new StringBuilder();
        for (Path module : modules) {
            script.append(String.format("wasm-validate %s '%s' 2>&1 || echo 'INVALID %s'%n", flags, module, module));
        }
        ExternalProcess.Result result = ExternalProcess.run(TIMEOUT.multipliedBy(10), List.of("sh", "-c", script.toString()));
        return result.stdout().lines().filter(line -> !line.isBlank()).toList();
    }

    /** The module in the text format, as wasm2wat prints it. */
    public static String disassemble(Path module) {
        ExternalProcess.Result result = ExternalProcess.run(TIMEOUT, command("wasm2wat", module, RELAXED_SIMD));
        if (result.exitCode() != 0) {
            throw new AssertionError("wasm2wat failed on " + module + ": " + result.stderr());
        }
        return result.stdout();
    }

    public static Path write(Path directory, String fileName, byte[] module) {
        try {
            return Files.write(directory.resolve(fileName), module);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> command(String tool, Path module, String... extraFeatures) {
        List<String> command = new ArrayList<>(List.of(tool, THREADS));
        command.addAll(List.of(extraFeatures));
        command.add(module.toString());
        return command;
    }
}
