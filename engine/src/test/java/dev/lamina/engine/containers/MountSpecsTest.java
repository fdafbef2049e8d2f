package dev.lamina.engine.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HostConfig.Mounts as the docker CLI's `--mount` sends them, folded into Binds, Tmpfs and Volumes, and moby's refusals. */
class MountSpecsTest {
    @TempDir
    Path dir;

    private static CreateRequest request(String hostConfig) {
        return Json.read(("{\"Image\":\"alpine\",\"Volumes\":{\"/v\":{}},\"HostConfig\":" + hostConfig + "}").getBytes(),
                CreateRequest.class, null);
    }

    private static String error(String hostConfig) {
        return assertThrows(ApiException.class, () -> MountSpecs.folded(request(hostConfig))).getMessage();
    }

    @Test
    void eachTypeBecomesWhatTheEngineRuns() {
        String src = dir.toString();
        CreateRequest r = MountSpecs.folded(request("{\"Binds\":[\"" + src + ":/b\"],\"Mounts\":["
                + "{\"Type\":\"bind\",\"Source\":\"" + src + "\",\"Target\":\"/ro/\",\"ReadOnly\":true},"
                + "{\"Type\":\"volume\",\"Source\":\"data\",\"Target\":\"/data\"},"
                + "{\"Type\":\"volume\",\"Target\":\"/anon\"},"
                + "{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":1048576,\"Mode\":1023}}]}"));
        assertEquals(List.of(src + ":/b", src + ":/ro:ro", "data:/data"), r.hostConfig().binds());
        assertEquals(Map.of("/t", "size=1048576,mode=1777"), r.hostConfig().tmpfs());
        assertEquals(List.of("/v", "/anon"), List.copyOf(r.volumes().keySet()));
        assertTrue(r.hostConfig().mounts().isEmpty());
        CreateRequest none = request("{}");
        assertSame(none, MountSpecs.folded(none));
    }

    @Test
    void aMissingBindSourceIsRefusedUnlessMadeOnRequest() throws Exception {
        Path missing = dir.resolve("missing");
        assertEquals("invalid mount config for type \"bind\": bind source path does not exist: " + missing,
                error("{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"" + missing + "\",\"Target\":\"/m\"}]}"));
        MountSpecs.folded(request("{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"" + missing
                + "\",\"Target\":\"/m\",\"BindOptions\":{\"CreateMountpoint\":true}}]}"));
        assertTrue(Files.isDirectory(missing));
    }

    @Test
    void mobysRefusals() {
        assertEquals("invalid mount config for type \"volume\": field Target must not be empty",
                error("{\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"x\"}]}"));
        assertEquals("invalid mount config for type \"bind\": invalid mount path: 'rel' mount path must be absolute",
                error("{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"" + dir + "\",\"Target\":\"rel\"}]}"));
        assertEquals("invalid mount config for type \"bind\": field Source must not be empty",
                error("{\"Mounts\":[{\"Type\":\"bind\",\"Target\":\"/x\"}]}"));
        assertEquals("invalid mount config for type \"tmpfs\": field Source must not be specified",
                error("{\"Mounts\":[{\"Type\":\"tmpfs\",\"Source\":\"x\",\"Target\":\"/x\"}]}"));
        assertEquals("invalid mount config for type \"bind\": must not set VolumeOptions",
                error("{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"" + dir + "\",\"Target\":\"/x\",\"VolumeOptions\":{}}]}"));
        assertEquals("invalid mount config for type \"npipe\": mount type unknown",
                error("{\"Mounts\":[{\"Type\":\"npipe\",\"Source\":\"x\",\"Target\":\"/x\"}]}"));
        assertEquals("Duplicate mount point: /b",
                error("{\"Binds\":[\"" + dir + ":/b\"],\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"x\",\"Target\":\"/b/\"}]}"));
        assertEquals("Duplicate mount point: /t",
                error("{\"Tmpfs\":{\"/t\":\"\"},\"Mounts\":[{\"Type\":\"tmpfs\",\"Target\":\"/t\"}]}"));
    }
}
