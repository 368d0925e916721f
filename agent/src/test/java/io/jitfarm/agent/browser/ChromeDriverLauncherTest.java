package io.jitfarm.agent.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChromeDriverLauncherTest {

    @Test
    void aBlinkFeatureIsAddedAsAFlagOfItsOwnWhenTheDeviceEnablesNone() {
        assertThat(ChromeDriverLauncher.withBlinkFeature(List.of("--headless=new"), "ForceEagerMeasureMemory"))
                .containsExactly("--headless=new", "--enable-blink-features=ForceEagerMeasureMemory");
    }

    @Test
    void aBlinkFeatureExtendsTheLastListOfTheDevice() {
        // Chromium reads only the last --enable-blink-features: a second flag would undo the device's
        assertThat(ChromeDriverLauncher.withBlinkFeature(List.of("--enable-blink-features=A", "--enable-blink-features=B",
                "--mute-audio"), "ForceEagerMeasureMemory")).containsExactly("--enable-blink-features=A",
                "--enable-blink-features=B,ForceEagerMeasureMemory", "--mute-audio");
    }
}
