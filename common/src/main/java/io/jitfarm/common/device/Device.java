package io.jitfarm.common.device;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code devices.yaml}: everything an agent needs to open a browser on the device.
 *
 * @param binary browser executable, for {@link DriverKind#CHROMEDRIVER}; null otherwise
 * @param url    Grid or Appium server, for those drivers; null for chromedriver
 */
public record Device(String id, DriverKind driver, String browser, String binary, List<String> args, URI url,
                     Map<String, Object> capabilities, Map<String, String> tags) {

    public Device {
        args = List.copyOf(args);
        capabilities = Map.copyOf(capabilities);
        tags = Map.copyOf(tags);
    }

    public DeviceDescriptor descriptor() {
        return new DeviceDescriptor(id, driver.wireName(), browser, tags);
    }
}
