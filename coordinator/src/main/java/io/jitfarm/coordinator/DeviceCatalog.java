package io.jitfarm.coordinator;

import io.jitfarm.common.device.DeviceDescriptor;
import io.jitfarm.coordinator.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The devices an experiment may name: those of the inventory file the coordinator was given, then
 * those agents have registered (an agent's own description wins for the same id).
 */
public final class DeviceCatalog {
    private final List<DeviceDescriptor> inventory;
    private final Store store;

    public DeviceCatalog(List<DeviceDescriptor> inventory, Store store) {
        this.inventory = List.copyOf(inventory);
        this.store = store;
    }

    /** The browser of a device, {@code unknown} for a device no longer known. */
    public String browserOf(String deviceId) {
        return known().stream().filter(d -> d.id().equals(deviceId)).map(DeviceDescriptor::browser).findFirst()
                .orElse("unknown");
    }

    public List<DeviceDescriptor> known() {
        Map<String, DeviceDescriptor> byId = new LinkedHashMap<>();
        inventory.forEach(d -> byId.put(d.id(), d));
        store.agents().forEach(agent -> agent.devices().forEach(d -> byId.put(d.id(), d)));
        return new ArrayList<>(byId.values());
    }
}
