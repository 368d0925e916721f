package io.jitfarm.coordinator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointSpoolTest {
    @TempDir
    Path dir;

    private List<String> files() throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void spooledBatchesComeBackOldestFirstAndStayUntilRemoved() throws Exception {
        PointSpool spool = PointSpool.open(dir);
        spool.append(List.of("m v=1i 1", "m v=2i 2"));
        spool.append(List.of("m v=3i 3"));
        spool.append(List.of("m v=4i 4", "m v=5i 5"));

        PointSpool.Batch first = spool.oldest(3);
        assertThat(first.body()).isEqualTo("m v=1i 1\nm v=2i 2\nm v=3i 3\n");
        assertThat(first.points()).isEqualTo(3);
        assertThat(spool.oldest(3)).as("nothing is gone before it is removed").isEqualTo(first);

        spool.remove(first);
        assertThat(spool.points()).isEqualTo(2);
        assertThat(spool.oldest(1).body()).as("a batch larger than asked still comes whole")
                .isEqualTo("m v=4i 4\nm v=5i 5\n");
        spool.remove(spool.oldest(1));
        assertThat(spool.isEmpty()).isTrue();
        assertThat(files()).isEmpty();
    }

    @Test
    void aReopenedSpoolFindsWhatWasLeftAndDropsAHalfWrittenFile() throws Exception {
        PointSpool before = PointSpool.open(dir);
        before.append(List.of("m v=1i 1"));
        before.append(List.of("m v=2i 2", "m v=3i 3"));
        Files.writeString(dir.resolve("2.partial"), "m v=4i 4\nm v=");

        PointSpool after = PointSpool.open(dir);
        assertThat(after.points()).isEqualTo(3);
        assertThat(files()).containsExactly("00000000000000000000-1.lp", "00000000000000000001-2.lp");
        after.append(List.of("m v=5i 5"));
        assertThat(files()).last().isEqualTo("00000000000000000002-1.lp");
        assertThat(after.oldest(10).body()).isEqualTo("m v=1i 1\nm v=2i 2\nm v=3i 3\nm v=5i 5\n");
    }

    @Test
    void aPointWhoseTextHoldsANewlineStaysOnePoint() throws Exception {
        PointSpool spool = PointSpool.open(dir);
        spool.append(List.of("m error=\"line one\nline two\" 1", "m v=2i 2"));

        assertThat(PointSpool.open(dir).points()).isEqualTo(2);
        assertThat(spool.oldest(2).body()).isEqualTo("m error=\"line one\nline two\" 1\nm v=2i 2\n");
    }
}
