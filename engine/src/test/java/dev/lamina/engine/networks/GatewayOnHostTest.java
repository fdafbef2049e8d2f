package dev.lamina.engine.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the engine may give the bridge's gateway to the host's loopback, read from routing tables as /proc/net/route prints them. */
class GatewayOnHostTest {
    private static final String HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

    @TempDir
    Path dir;

    @Test
    void freeWhenOnlyTheDefaultRouteAndOtherNetworksCoverIt() throws IOException {
        // default via 192.0.2.1 on eth0, 192.0.2.0/24 on eth0, 172.18.0.0/16 on docker0
        Path routes = table("eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
                + "docker0\t000012AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n"
                + "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n");
        assertNull(GatewayOnHost.routedElsewhere(gateway(), routes));
    }

    @Test
    void takenWhenTheHostIsOnABridgeOfThatSubnet() throws IOException {
        // a host that is itself a container on 172.17.0.0/16: its default route goes via 172.17.0.1
        Path routes = table("eth0\t00000000\t010011AC\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
                + "eth0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n");
        assertEquals("is the host's route to eth0's gateway", GatewayOnHost.routedElsewhere(gateway(), routes));
        Path subnetOnly = table("eth1\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n");
        assertEquals("lies on the host's network of eth1", GatewayOnHost.routedElsewhere(gateway(), subnetOnly));
    }

    @Test
    void nothingToDoOutsideAContainer() throws IOException {
        Path taken = table("eth0\t00000000\t010011AC\t0003\t0\t0\t0\t00000000\t0\t0\t0\n");
        assertNull(GatewayOnHost.ensure(dir.resolve("no-dockerenv"), taken));
    }

    @Test
    void aContainerHostWhoseRoutesForbidItIsWarnedWithTheWayOut() throws IOException {
        Path dockerenv = Files.createFile(dir.resolve(".dockerenv"));
        Path taken = table("eth0\t00000000\t010011AC\t0003\t0\t0\t0\t00000000\t0\t0\t0\n");
        String warning = GatewayOnHost.ensure(dockerenv, taken);
        if (GatewayOnHost.heldByHost(gateway())) assertNull(warning, "a host interface holds it already");
        else assertTrue(warning.endsWith("is the host's route to eth0's gateway; set TESTCONTAINERS_HOST_OVERRIDE=localhost for them"), warning);
    }

    @Test
    void theLoopbackAlwaysHoldsItsOwn() throws IOException {
        assertTrue(GatewayOnHost.heldByHost((Inet4Address) InetAddress.getByName("127.0.0.1")));
        assertEquals(false, GatewayOnHost.heldByHost((Inet4Address) InetAddress.getByName("192.0.2.254")));
    }

    private Path table(String lines) throws IOException {
        return Files.writeString(dir.resolve("route"), HEADER + lines);
    }

    private static Inet4Address gateway() throws IOException {
        return (Inet4Address) InetAddress.getByName(Networks.BRIDGE_GATEWAY);
    }
}
