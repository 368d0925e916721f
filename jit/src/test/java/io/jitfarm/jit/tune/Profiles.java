package io.jitfarm.jit.tune;

import io.jitfarm.jit.profile.DeviceProfile;
import java.util.List;

/** Device profiles the tests use, with the nnJIT release's register and L1 figures (NNJIT-NOTES section 4). */
public final class Profiles {

    /** An x86 laptop or desktop: 16 SIMD registers, 32 KiB L1, FMA, 4 cores. */
    public static final DeviceProfile X86 = new DeviceProfile(16, 32 * 1024, 512 * 1024, true, 1.4, 4,
            List.of(1.0, 1.8, 2.5, 3.1));
    /** An ARM phone: 32 SIMD registers, 64 KiB L1, FMA, 8 cores. */
    public static final DeviceProfile ARM = new DeviceProfile(32, 64 * 1024, 1024 * 1024, true, 1.3, 8,
            List.of(1.0, 1.9, 2.7, 3.4, 3.9, 4.3, 4.6, 4.8));

    private Profiles() {
    }

    /** The same device in a browser without relaxed SIMD. */
    public static DeviceProfile withoutRelaxedSimd(DeviceProfile profile) {
        return new DeviceProfile(profile.simdRegisters(), profile.l1Bytes(), profile.l2Bytes(), false,
                profile.fmaSpeedup(), profile.hardwareThreads(), profile.threadScaling());
    }
}
