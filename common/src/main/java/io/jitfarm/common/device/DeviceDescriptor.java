package io.jitfarm.common.device;

import java.util.Map;

/**
 * What the farm knows of a device without driving it: the part of a {@link Device} that an agent
 * registers with the coordinator and that experiment selectors match against.
 */
public record DeviceDescriptor(String id, String driver, String browser, Map<String, String> tags) {

    public DeviceDescriptor {
        tags = Map.copyOf(tags);
    }

    /** {@code id}, {@code driver} and {@code browser} by name, anything else from the tags; null if unknown. */
    public String attribute(String name) {
        switch (name) {
            case "id":
                return id;
            case "driver":
                return driver;
            case "browser":
                return browser;
            default:
                return tags.get(name);
        }
    }
}
