package dev.lamina.engine.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.kernel.abi.Errno;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the engine gives the bridge's gateway to the host's loopback: routing tables as
 * /proc/net/route prints them, and the host's answers (held, added, refused) stood in
 * for, so nothing here depends on this machine's network or changes it.
 */
class GatewayOnHostTest {
    private static final String HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";
    /** default via 192.0.2.1 on eth0, 192.0.2.0/24 on eth0, 172.18.0.0/16 on docker0. */
    private static final String FREE = "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
            + "docker0\t000012AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n"
            + "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";

    @TempDir
    Path dir;
    private final List<Inet4Address> adds = new ArrayList<>();

    @Test
    void freeWhenOnlyTheDefaultRouteAndOtherNetworksCoverIt() throws IOException {
        assertNull(GatewayOnHost.routedElsewhere(gateway(), table(FREE)));
    }

    @Test
    void takenWhenTheHostIsOnADockerNetwork() throws IOException {
        // a host that is itself a container on 172.17.0.0/16: its default route goes via 172.17.0.1
        assertEquals("it is the host's route to eth0's gateway", GatewayOnHost.routedElsewhere(gateway(), table(
                "eth0\t00000000\t010011AC\t0003\t0\t0\t0\t00000000\t0\t0\t0\n")));
        assertEquals("it lies on the host's network of eth1", GatewayOnHost.routedElsewhere(gateway(), table(
                "eth1\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n")));
        // on a user network of a Docker host (default via 172.20.0.1): 172.17.0.1 may be that host's docker0
        assertEquals("the host's default route leads through a Docker network (eth0), whose host may hold it",
                GatewayOnHost.routedElsewhere(gateway(), table("eth0\t00000000\t010014AC\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
                        + "eth0\t000014AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n")));
    }

    @Test
    void addedOnAContainerHostWithFreeRoutes() throws IOException {
        GatewayOnHost g = ensure(dockerenv(), FREE, Map.of(), false, 0);
        assertNull(g.warning());
        assertEquals(List.of(gateway()), adds);
    }

    @Test
    void nothingToDoOutsideAContainerOrWhenTheHostHoldsIt() throws IOException {
        assertNull(ensure(dir.resolve("no-dockerenv"), FREE, Map.of(), false, 0).warning());
        assertNull(ensure(dockerenv(), FREE, Map.of(), true, 0).warning());
        assertNull(ensure(dockerenv(), FREE, Map.of(), false, -Errno.EEXIST).warning(), "another engine added it meanwhile");
        assertEquals(List.of(gateway()), adds, "asked once, in the last case only");
    }

    @Test
    void refusedWithTheWayOut() throws IOException {
        Path env = dockerenv();
        String routed = ensure(env, "eth0\t00000000\t010011AC\t0003\t0\t0\t0\t00000000\t0\t0\t0\n", Map.of(), false, 0).warning();
        assertEquals("this host has " + env + ", so Docker clients here (Testcontainers) look for published ports at the bridge's"
                + " gateway 172.17.0.1, but it is the host's route to eth0's gateway; set TESTCONTAINERS_HOST_OVERRIDE=localhost for them",
                routed);
        assertTrue(ensure(env, FREE, Map.of(), false, -Errno.EPERM).warning().contains("(it takes CAP_NET_ADMIN)"));
        assertTrue(ensure(env, FREE, Map.of("LAMINA_GATEWAY_ON_HOST", "0"), false, 0).warning()
                .contains("LAMINA_GATEWAY_ON_HOST=0 keeps it off the host"));
        assertEquals(List.of(gateway()), adds, "only the refused add was tried");
    }

    @Test
    void theLoopbackAlwaysHoldsItsOwn() throws IOException {
        assertTrue(GatewayOnHost.heldByHost((Inet4Address) InetAddress.getByName("127.0.0.1")));
        assertEquals(false, GatewayOnHost.heldByHost((Inet4Address) InetAddress.getByName("192.0.2.254")));
    }

    private GatewayOnHost ensure(Path dockerenv, String routes, Map<String, String> env, boolean held, int addResult) throws IOException {
        return GatewayOnHost.ensure(dockerenv, table(routes), env, a -> held, a -> {
            adds.add(a);
            return addResult;
        });
    }

    private Path dockerenv() throws IOException {
        Path p = dir.resolve(".dockerenv");
        return Files.exists(p) ? p : Files.createFile(p);
    }

    private Path table(String lines) throws IOException {
        return Files.writeString(dir.resolve("route"), HEADER + lines);
    }

    private static Inet4Address gateway() throws IOException {
        return (Inet4Address) InetAddress.getByName(Networks.BRIDGE_GATEWAY);
    }
}
