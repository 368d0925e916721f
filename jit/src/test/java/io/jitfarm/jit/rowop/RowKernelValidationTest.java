package io.jitfarm.jit.rowop;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitfarm.jit.kernel.GeneratedKernel;
import io.jitfarm.jit.tools.Wabt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowKernelValidationTest {

    @TempDir
    Path dir;

    @Test
    void everyCandidateIsValidAndOnlyFmaCandidatesNeedRelaxedSimd() {
        List<Path> fma = new ArrayList<>();
        List<Path> plain = new ArrayList<>();
        RowOps.allCandidates().forEach(candidate -> {
            GeneratedKernel kernel = candidate.generate();
            (candidate.schedule().fma() ? fma : plain).add(Wabt.write(dir, candidate.id() + ".wasm", kernel.module()));
        });

        assertThat(Wabt.invalidAmong(plain)).isEmpty();
        assertThat(Wabt.invalidAmong(fma, Wabt.RELAXED_SIMD)).isEmpty();
    }

    @Test
    void idsAreStableAndReadable() {
        List<String> ids = RowOps.allCandidates().map(RowOpCandidate::id).toList();

        assertThat(ids).doesNotHaveDuplicates()
                .contains("softmax-causal-x0.125-f32x4-fma-u2-t2", "layer_norm-eps0.00001-f32-u4-t1", "gather-f32x4-u1-t1");
        assertThat(RowOps.allCandidates()).allSatisfy(candidate ->
                assertThat(candidate.generate().variant()).isEqualTo(candidate.id()));
    }
}
