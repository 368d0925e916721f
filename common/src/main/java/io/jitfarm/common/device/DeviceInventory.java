package io.jitfarm.common.device;

import static io.jitfarm.common.config.ConfigNode.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitfarm.common.config.ConfigException;
import io.jitfarm.common.config.ConfigNode;
import io.jitfarm.common.config.YamlDocument;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and checks {@code devices.yaml}; a file with any problem yields no devices at all. */
public final class DeviceInventory {
    /** Ids appear in job ids and file names, so they are kept to a safe alphabet. */
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";
    public static final String DEFAULT_CHROMIUM = "/usr/bin/chromium";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP_KEYS = keys("devices");
    private static final Set<String> DEVICE_KEYS =
            keys("id", "driver", "browser", "binary", "args", "url", "capabilities", "tags");

    private DeviceInventory() {
    }

    public static List<Device> load(Path file) throws ConfigException {
        return read(YamlDocument.read(file));
    }

    public static List<Device> parse(String file, String text) throws ConfigException {
        return read(YamlDocument.parse(file, text));
    }

    private static List<Device> read(YamlDocument doc) throws ConfigException {
        ConfigNode root = doc.root();
        root.mapping(TOP_KEYS);
        List<Device> devices = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        if (root.get("devices").require()) {
            for (ConfigNode entry : root.get("devices").list(true)) {
                readDevice(entry).ifPresent(device -> {
                    if (!ids.add(device.id())) {
                        entry.get("id").error("duplicate device id \"" + device.id() + "\"");
                    }
                    devices.add(device);
                });
            }
        }
        doc.throwIfErrors();
        return List.copyOf(devices);
    }

    private static Optional<Device> readDevice(ConfigNode node) {
        if (!node.mapping(DEVICE_KEYS)) {
            return Optional.empty();
        }
        node.get("id").require();
        node.get("driver").require();
        String id = node.get("id").identifier(null, ID_PATTERN, "a device id (letters, digits, - and _)");
        String driverName = node.get("driver").choice(DriverKind.wireNames(), null, "driver");
        Map<String, Object> capabilities = capabilities(node.get("capabilities"));
        Map<String, String> tags = new LinkedHashMap<>();
        node.get("tags").members().forEach((name, value) -> tags.put(name, value.scalarText("")));
        List<String> args = node.get("args").list(false).stream().map(a -> a.text("")).toList();
        if (id == null || driverName == null) {
            return Optional.empty();
        }
        DriverKind driver = DriverKind.fromWireName(driverName);
        URI url = null;
        String binary = null;
        if (driver == DriverKind.CHROMEDRIVER) {
            binary = node.get("binary").text(DEFAULT_CHROMIUM);
            rejectFor(node, driver, "url");
        } else {
            rejectFor(node, driver, "binary");
            if (node.get("url").require()) {
                url = httpUrl(node.get("url"));
            }
        }
        Object capabilityBrowser = capabilities.get("browserName");
        String defaultBrowser = driver == DriverKind.CHROMEDRIVER ? "chromium"
                : capabilityBrowser instanceof String ? (String) capabilityBrowser : null;
        String browser = node.get("browser").text(defaultBrowser);
        if (browser == null) {
            node.error("needs \"browser\" or capabilities.browserName");
            return Optional.empty();
        }
        return Optional.of(new Device(id, driver, browser, binary, args, url, capabilities, tags));
    }

    private static void rejectFor(ConfigNode device, DriverKind driver, String key) {
        if (device.get(key).present()) {
            device.get(key).error("does not apply to driver " + driver.wireName());
        }
    }

    private static URI httpUrl(ConfigNode node) {
        String text = node.text(null);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException ignored) {
            // reported below like any other malformed value
        }
        node.error("\"" + text + "\" is not an http(s) URL");
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> capabilities(ConfigNode node) {
        if (!node.present()) {
            return Map.of();
        }
        if (!node.isObject()) {
            node.error("expected a mapping, got " + ConfigNode.describe(node.json()));
            return Map.of();
        }
        return JSON.convertValue(node.json(), Map.class);
    }
}
