package io.jitfarm.coordinator.experiment;

import io.jitfarm.common.device.DeviceDescriptor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An experiment's {@code devices:}: either explicit ids, or attributes every chosen device must have. */
public record DeviceSelection(List<String> ids, Map<String, String> match) {

    public DeviceSelection {
        ids = List.copyOf(ids);
        match = Map.copyOf(match);
    }

    public static DeviceSelection ofIds(List<String> ids) {
        return new DeviceSelection(ids, Map.of());
    }

    public static DeviceSelection matching(Map<String, String> match) {
        return new DeviceSelection(List.of(), match);
    }

    /** The chosen devices: ids in the order written, matches in the order of {@code known}. */
    public List<DeviceDescriptor> select(Collection<DeviceDescriptor> known) {
        if (!ids.isEmpty()) {
            return ids.stream()
                    .flatMap(id -> known.stream().filter(d -> d.id().equals(id)).limit(1))
                    .toList();
        }
        return known.stream()
                .filter(d -> match.entrySet().stream().allMatch(e -> Objects.equals(d.attribute(e.getKey()), e.getValue())))
                .toList();
    }
}
