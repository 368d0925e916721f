package io.jitfarm.jit.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jitfarm.jit.kernel.MatMulSchedule;
import io.jitfarm.jit.kernel.MatMulShape;
import io.jitfarm.jit.kernel.Tiling;
import io.jitfarm.jit.profile.DeviceProfile;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiteSpaceTest {

    private static final MatMulShape BERT_QKV = new MatMulShape(640, 768, 2304);
    private static final MatMulShape GEMV = new MatMulShape(1, 4096, 4096);

    /** NNJIT-NOTES section 3: "batch_matmul has 3,388 raw configurations". */
    @Test
    void theReleasesRangesHold3388Tilings() {
        assertThat(TilingRanges.release()).hasSize(3388).doesNotHaveDuplicates();
    }

    /** NNJIT-NOTES section 3: with 16 registers and 32 KB L1, 5 survive, all 4x8 with mb = nb. */
    @Test
    void onX86TheRulesKeepTheReleasesFiveTilings() {
        assertThat(LiteRules.survivors(Profiles.X86, BERT_QKV))
                .extracting(Tiling::mr, Tiling::nr, Tiling::mb, Tiling::nb, Tiling::kb)
                .containsExactlyInAnyOrder(
                        tuple(4, 8, 16, 16, 256), tuple(4, 8, 32, 32, 128), tuple(4, 8, 64, 64, 64),
                        tuple(4, 8, 128, 128, 32), tuple(4, 8, 256, 256, 16));
    }

    /** NNJIT-NOTES section 3: with 32 registers and 64 KB L1, 4 survive, all 8x8. */
    @Test
    void onArmTheRulesKeepFourTilingsAll8x8() {
        assertThat(LiteRules.survivors(Profiles.ARM, BERT_QKV))
                .extracting(Tiling::mr, Tiling::nr, Tiling::mb, Tiling::nb, Tiling::kb)
                .containsExactlyInAnyOrder(
                        tuple(8, 8, 32, 32, 256), tuple(8, 8, 64, 64, 128), tuple(8, 8, 128, 128, 64),
                        tuple(8, 8, 256, 256, 32));
    }

    /** Tilings times two loop orders times packed or in-place B, times the splits when threads are more than one. */
    @ParameterizedTest(name = "{0} threads: {1} candidates on x86, {2} on ARM")
    @CsvSource({"1, 20, 16", "2, 40, 32"})
    void aBigShapeGetsAFewDozenCandidates(int threads, int onX86, int onArm) {
        assertThat(MatMulSpace.LITE.candidates(Profiles.X86, BERT_QKV, threads)).hasSize(onX86);
        assertThat(MatMulSpace.LITE.candidates(Profiles.ARM, BERT_QKV, threads)).hasSize(onArm);
    }

    @Test
    void everyCandidateFollowsTheRegisterAndL1Rules() {
        assertThat(MatMulSpace.LITE.candidates(Profiles.X86, BERT_QKV, 2)).allSatisfy(candidate -> {
            Tiling tiling = candidate.schedule().tiling();
            assertThat(tiling.simdRegisters()).isBetween(13, 16);
            assertThat(tiling.l1FootprintBytes()).isBetween((long) (0.9 * 32768), 32768L);
        });
    }

    @Test
    void aMatrixVectorProductGetsOneRowTilesStreamingWholeRowsOfB() {
        assertThat(MatMulSpace.LITE.candidates(Profiles.X86, GEMV, 1))
                .extracting(candidate -> candidate.schedule().tiling())
                .extracting(Tiling::mr, Tiling::nr, Tiling::mb, Tiling::nb, Tiling::kb)
                .containsExactlyInAnyOrder(tuple(1, 16, 1, 4096, 4), tuple(1, 16, 1, 4096, 8), tuple(1, 16, 1, 4096, 16));
        assertThat(MatMulSpace.LITE.candidates(Profiles.ARM, GEMV, 1))
                .allSatisfy(candidate -> assertThat(candidate.schedule().tiling().nr()).isEqualTo(32));
    }

    /** A small shape cannot fill L1; the lower bound is then taken of the largest block the shape allows. */
    @Test
    void aShapeTooSmallToFillL1KeepsItsLargestBlocks() {
        List<Tiling> survivors = LiteRules.survivors(Profiles.X86, new MatMulShape(33, 65, 17));

        long largest = survivors.stream().mapToLong(Tiling::l1FootprintBytes).max().orElseThrow();
        assertThat(largest).isEqualTo((36 * 65 + 65 * 24) * 4);
        assertThat(survivors).isNotEmpty().allSatisfy(tiling -> {
            assertThat(tiling.l1FootprintBytes()).isGreaterThanOrEqualTo((long) (0.9 * largest));
            assertThat(tiling.simdRegisters()).isEqualTo(14);
        });
    }

    @ParameterizedTest(name = "[{0},{1},{2}]")
    @CsvSource({"1, 1, 1", "1, 1, 4096", "4096, 1, 1", "1, 4096, 1", "2, 3, 5", "3, 5, 7", "7, 300, 2", "5, 9, 600"})
    void noShapeIsLeftWithoutCandidates(int m, int k, int n) {
        for (DeviceProfile profile : List.of(Profiles.X86, Profiles.ARM, tinyDevice())) {
            for (int threads = 1; threads <= 3; threads++) {
                assertThat(MatMulSpace.LITE.candidates(profile, new MatMulShape(m, k, n), threads)).isNotEmpty();
            }
        }
    }

    @Test
    void fmaCandidatesAppearExactlyWhenTheBrowserHasRelaxedSimd() {
        for (MatMulSpace space : MatMulSpace.values()) {
            assertThat(space.candidates(Profiles.X86, new MatMulShape(64, 64, 64), 2))
                    .allSatisfy(candidate -> assertThat(candidate.schedule().fma()).isTrue());
            assertThat(space.candidates(Profiles.withoutRelaxedSimd(Profiles.X86), new MatMulShape(64, 64, 64), 2))
                    .allSatisfy(candidate -> assertThat(candidate.schedule().fma()).isFalse());
        }
    }

    @ParameterizedTest(name = "[{0},{1},{2}] on {3} thread(s)")
    @CsvSource({"640, 768, 2304, 1", "128, 768, 768, 2", "1, 768, 2304, 2", "33, 65, 17, 3", "3, 5, 7, 1"})
    void everyLiteCandidateIsAlsoInTheFullSpace(int m, int k, int n, int threads) {
        MatMulShape shape = new MatMulShape(m, k, n);
        for (DeviceProfile profile : List.of(Profiles.X86, Profiles.ARM)) {
            Set<MatMulSchedule> full = new HashSet<>(MatMulSpace.FULL.candidates(profile, shape, threads).stream()
                    .map(MatMulCandidate::schedule).toList());
            assertThat(MatMulSpace.LITE.candidates(profile, shape, threads))
                    .allSatisfy(candidate -> assertThat(full).contains(candidate.schedule()));
        }
    }

    @Test
    void idsAreUniqueWithinASpace() {
        for (MatMulSpace space : MatMulSpace.values()) {
            assertThat(space.candidates(Profiles.X86, new MatMulShape(128, 768, 768), 2))
                    .extracting(MatMulCandidate::id).doesNotHaveDuplicates();
        }
    }

    /** Ids are keys of the kernel DB and of results: the same inputs must give the same ids, in the same order. */
    @Test
    void idsAndTheirOrderAreStable() {
        assertThat(MatMulSpace.LITE.candidates(Profiles.X86, new MatMulShape(128, 768, 768), 1))
                .extracting(MatMulCandidate::id)
                .startsWith(
                        "m16n16k256-r4x8-jki-packB-u4-fma-splitM-t1",
                        "m32n32k128-r4x8-jki-packB-u4-fma-splitM-t1",
                        "m64n64k64-r4x8-jki-packB-u4-fma-splitM-t1")
                .isEqualTo(MatMulSpace.LITE.candidates(Profiles.X86, new MatMulShape(128, 768, 768), 1).stream()
                        .map(MatMulCandidate::id).toList());
    }

    @Test
    void candidatesComeBestPredictedFirst() {
        assertThat(MatMulSpace.FULL.candidates(Profiles.X86, new MatMulShape(33, 65, 17), 2))
                .isSortedAccordingTo(Comparator.comparingDouble(MatMulCandidate::predictedMs));
    }

    @Test
    void spacesAreNamedAsExperimentFilesNameThem() {
        assertThat(MatMulSpace.named("lite")).isEqualTo(MatMulSpace.LITE);
        assertThat(MatMulSpace.named("full")).isEqualTo(MatMulSpace.FULL);
    }

    /** Fewer registers than any tile of the release needs: the rules' last resort keeps the smallest tiles. */
    private static DeviceProfile tinyDevice() {
        return new DeviceProfile(8, 4096, 65536, false, 1.0, 1, List.of(1.0));
    }
}
