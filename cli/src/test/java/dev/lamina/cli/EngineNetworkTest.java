package dev.lamina.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.cli.testing.Command;
import dev.lamina.cli.testing.EngineProcess;
import dev.lamina.cli.testing.Repo;
import dev.lamina.image.store.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Networks between containers through the real docker CLI: `docker network`
 * (subnets as Docker numbers them, Docker's errors), addresses in inspect and in the
 * guest (ifconfig's ioctls and ip's netlink), names in /etc/hosts kept current, connects between containers translated by
 * their kernels (and refused without a shared network), state kept across a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineNetworkTest {
    private static final String IMAGE = EngineProcess.IMAGE;
    private Path dir;
    private EngineProcess engine;

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory("lamina-network-test");
        engine = EngineProcess.start(dir.resolve("data"));
    }

    @AfterAll
    void stop() throws IOException {
        if (engine != null) engine.close();
        Trees.delete(dir);
    }

    private Command.Result docker(String... args) { return engine.docker(args); }

    private String ok(String... args) { return engine.dockerOk(args).stdout().strip(); }

    /** A guest program of the test resources built static, as a volume that shows it at /t/NAME. */
    private String guestProgram(String name) throws Exception {
        Path bin = Files.createDirectories(dir.resolve(name));
        Command.ok("musl-gcc", "-static", "-O2", "-I", Repo.root().resolve("lkl-common/include").toString(), "-o",
                bin.resolve(name).toString(), Path.of(getClass().getResource("/guest/" + name + ".c").toURI()).toString());
        return bin + ":/t:ro";
    }

    /** A network of its own with a server container on it, detached (args: run's, then the image and command); its address. */
    private String serverOn(String network, String name, String... args) {
        ok("network", "create", network);
        ok(java.util.stream.Stream.concat(java.util.stream.Stream.of("run", "-d", "--name", name, "--network", network),
                java.util.Arrays.stream(args)).toArray(String[]::new));
        return ok("inspect", name, "--format", "{{.NetworkSettings.Networks." + network + ".IPAddress}}");
    }

    private void fails(String message, String... args) {
        Command.Result r = docker(args);
        assertNotEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains(message), r.toString());
    }

    @Test
    void networksAreCreatedNumberedListedAndRemovedAsDockers() {
        assertTrue(ok("network", "ls", "--format", "{{.Name}} {{.Driver}}").lines().toList()
                .containsAll(java.util.List.of("bridge bridge", "host host", "none null")));
        assertEquals("172.17.0.0/16 172.17.0.1", ok("network", "inspect", "bridge", "--format",
                "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}"));
        ok("network", "create", "--subnet", "10.77.0.0/16", "--gateway", "10.77.0.254", "--label", "k=v", "given");
        assertEquals("10.77.0.0/16 10.77.0.254", ok("network", "inspect", "given", "--format",
                "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}"));
        fails("Pool overlaps with other one on this address space", "network", "create", "--subnet", "10.77.5.0/24", "overlap");
        fails("network with name given already exists", "network", "create", "given");
        fails("invalid CIDR address: 10.1.2.3", "network", "create", "--subnet", "10.1.2.3", "bad");
        fails("network nope not found", "network", "inspect", "nope");
        fails("network nope not found", "run", "--rm", "--network", "nope", IMAGE, "true");
        fails("bridge is a pre-defined network and cannot be removed", "network", "rm", "bridge");
        ok("run", "-d", "--name", "member", "--network", "given", "--ip", "10.77.0.9", IMAGE, "sleep", "1000");
        assertEquals("10.77.0.9 10.77.0.254", ok("inspect", "member", "--format",
                "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{.Gateway}}{{end}}"));
        fails("has active endpoints", "network", "rm", "given");
        fails("is not connected to network bridge", "network", "disconnect", "bridge", "member");
        fails("already exists in network given", "network", "connect", "given", "member");
        assertEquals("given", ok("network", "ls", "--filter", "label=k=v", "--format", "{{.Name}}"));
        ok("network", "create", "unused");
        assertTrue(ok("network", "prune", "-f").contains("unused"));
        fails("network unused not found", "network", "inspect", "unused");
        // Kept on disk: the engine started again knows the network and the address asked for. The container,
        // stopped with the engine, gave its address back (as Docker's do): another may take it meanwhile.
        engine.restart();
        String address = "{{.NetworkSettings.Networks.given.IPAddress}}";
        assertEquals("", ok("inspect", "member", "--format", address));
        assertEquals("", ok("network", "inspect", "given", "--format", "{{range .Containers}}{{.Name}}{{end}}"));
        assertEquals("10.77.0.9", ok("inspect", "member", "--format", "{{.NetworkSettings.Networks.given.IPAMConfig.IPv4Address}}"));
        ok("run", "-d", "--name", "squatter", "--network", "given", "--ip", "10.77.0.9", IMAGE, "sleep", "1000");
        fails("Address already in use", "start", "member");
        ok("rm", "-f", "squatter");
        ok("start", "member");
        assertEquals("10.77.0.9", ok("inspect", "member", "--format", address));
        assertEquals("member", ok("network", "inspect", "given", "--format", "{{range .Containers}}{{.Name}}{{end}}"));
        ok("rm", "-f", "member");
        ok("network", "rm", "given");
    }

    @Test
    void userNetworksGetTheNextFreeSubnetAndContainersAddressesInIt() throws IOException {
        ok("network", "create", "first");
        ok("network", "create", "second");
        String first = ok("network", "inspect", "first", "--format", "{{range .IPAM.Config}}{{.Subnet}}{{end}}");
        String second = ok("network", "inspect", "second", "--format", "{{range .IPAM.Config}}{{.Subnet}}{{end}}");
        assertTrue(first.matches("172\\.(1[89]|2[0-9]|3[01])\\.0\\.0/16"), first);
        assertEquals(Integer.parseInt(first.split("\\.")[1]) + 1, Integer.parseInt(second.split("\\.")[1]), first + " " + second);
        String id = ok("create", "--name", "two-nets", "--network", "first", "--network-alias", "alias1", IMAGE, "sleep", "1000");
        // An address only once it runs, as in Docker.
        assertEquals("[alias1]", ok("inspect", "two-nets", "--format",
                "{{with .NetworkSettings.Networks.first}}{{.IPAddress}} {{.Aliases}}{{end}}"));
        ok("start", "two-nets");
        ok("network", "connect", "--alias", "alias2", "second", "two-nets");
        String prefix = first.substring(0, first.indexOf(".0.0/"));
        assertEquals(prefix + ".0.2 [alias1]", ok("inspect", "two-nets", "--format",
                "{{with .NetworkSettings.Networks.first}}{{.IPAddress}} {{.Aliases}}{{end}}"));
        assertTrue(ok("network", "inspect", "second", "--format", "{{json .Containers}}").contains(id), id);
        ok("network", "disconnect", "second", "two-nets");
        assertEquals("first", ok("inspect", "two-nets", "--format", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}"));
        // Stopped, it gives its address back: the next container gets it.
        ok("stop", "-t", "0", "two-nets");
        assertEquals("", ok("inspect", "two-nets", "--format", "{{.NetworkSettings.Networks.first.IPAddress}}"));
        ok("run", "-d", "--name", "taker", "--network", "first", IMAGE, "sleep", "1000");
        assertEquals(prefix + ".0.2", ok("inspect", "taker", "--format", "{{.NetworkSettings.Networks.first.IPAddress}}"));
        ok("start", "two-nets");
        assertEquals(prefix + ".0.3", ok("inspect", "two-nets", "--format", "{{.NetworkSettings.Networks.first.IPAddress}}"));
        ok("rm", "-f", "taker");
        Path body = dir.resolve("alias-on-bridge.json");
        Files.writeString(body, "{\"Image\":\"" + IMAGE + "\",\"NetworkingConfig\":{\"EndpointsConfig\":{\"bridge\":{\"Aliases\":[\"x\"]}}}}");
        Command.Result alias = engine.curl("POST", "/containers/create", body);
        assertTrue(alias.stdout().endsWith("network-scoped alias is supported only for containers in user defined networks\"}\n400"),
                alias.toString());
        ok("rm", "-f", "two-nets");
        ok("network", "rm", "first", "second");
    }

    @Test
    void containersReachEachOtherByNameOnASharedNetworkOnly() {
        ok("network", "create", "shared");
        ok("run", "-d", "--name", "web", "--network", "shared", "--network-alias", "www", IMAGE, "sh", "-c",
                "mkdir -p /www/cgi-bin && printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho $REMOTE_ADDR\\n'"
                        + " > /www/cgi-bin/peer && chmod +x /www/cgi-bin/peer && echo served > /www/index.html"
                        + " && exec httpd -f -p 80 -h /www");
        String webIp = ok("inspect", "web", "--format", "{{.NetworkSettings.Networks.shared.IPAddress}}");
        String out = ok("run", "--rm", "--name", "client", "--network", "shared", IMAGE, "sh", "-c",
                "until wget -qO- http://web/ 2>/dev/null; do sleep 0.2; done; wget -qO- http://www/;"
                        + " wget -qO- http://" + webIp + "/; wget -qO- http://web/cgi-bin/peer; hostname -i;"
                        // a connection still open, as netstat (/proc/net/tcp) shows it: from this container's address
                        + " (sleep 2 | nc web 80 > /dev/null &); sleep 0.5; netstat -tn | grep ':80 ' | awk '{print $4, $5}'");
        String[] lines = out.split("\n");
        assertEquals("served", lines[0], out);
        assertEquals("served", lines[1], out);
        assertEquals("served", lines[2], out);
        // The server sees the client's container address, which is the one the client has.
        String client = lines[4];
        assertTrue(client.matches("172\\.\\d+\\.0\\.\\d+"), out);
        assertTrue(lines[3].contains(client), out); // [::ffff:ADDRESS]: busybox httpd listens on IPv6
        assertFalse(client.equals(webIp), out);
        assertTrue(lines[5].matches(java.util.regex.Pattern.quote(client) + ":\\d+ " + java.util.regex.Pattern.quote(webIp) + ":80"), out);
        // No shared network: unreachable, as between Docker's bridges.
        Command.Result apart = docker("run", "--rm", IMAGE, "wget", "-T", "5", "-qO-", "http://" + webIp + "/");
        assertNotEquals(0, apart.exitCode(), apart.toString());
        assertTrue(apart.stderr().contains("Host is unreachable"), apart.toString());
        // host.docker.internal is the host: a port published there is reached through it.
        ok("run", "-d", "--name", "published", "-p", "80", IMAGE, "sh", "-c",
                "echo on-the-host > /tmp/index.html && exec httpd -f -p 80 -h /tmp");
        String published = ok("port", "published", "80").lines().findFirst().orElseThrow();
        String hostPort = published.substring(published.lastIndexOf(':') + 1);
        assertEquals("on-the-host", ok("run", "--rm", "--network", "shared", IMAGE, "sh", "-c",
                "until wget -qO- http://host.docker.internal:" + hostPort + "/ 2>/dev/null; do sleep 0.2; done"));
        ok("rm", "-f", "published");
        // UDP too.
        ok("run", "-d", "--name", "udp", "--network", "shared", IMAGE, "sh", "-c", "nc -lu -p 5353 > /tmp/got");
        ok("run", "--rm", "--network", "shared", IMAGE, "sh", "-c", "sleep 0.5; echo datagram | nc -u -w1 udp 5353");
        assertEquals("datagram", ok("exec", "udp", "sh", "-c", "until [ -s /tmp/got ]; do sleep 0.1; done; cat /tmp/got"));
        ok("rm", "-f", "web", "udp");
        ok("network", "rm", "shared");
    }

    @Test
    void pingAnswersOnSharedNetworksOnly() {
        ok("network", "create", "pings");
        ok("run", "-d", "--name", "pinged", "--network", "pings", IMAGE, "sleep", "1000");
        String ip = ok("inspect", "pinged", "--format", "{{.NetworkSettings.Networks.pings.IPAddress}}");
        String gateway = ok("network", "inspect", "pings", "--format", "{{range .IPAM.Config}}{{.Gateway}}{{end}}");
        // busybox ping as the container's root: a raw ICMP socket, whose replies carry the IPv4 header (ttl).
        String out = ok("run", "--rm", "--network", "pings", IMAGE, "sh", "-c",
                "ping -c1 -W5 pinged; ping -c1 -W5 " + ip + "; ping -c1 -W5 " + gateway + "; ping -c1 -W5 -s 1000 127.0.0.1");
        assertTrue(out.contains("PING pinged (" + ip + "): 56 data bytes\n64 bytes from " + ip + ": seq=0 ttl=64 time="), out);
        assertTrue(out.contains("64 bytes from " + gateway + ": seq=0 ttl=64"), out);
        assertTrue(out.contains("1008 bytes from 127.0.0.1: seq=0 ttl=64"), out);
        assertEquals(4, out.split("1 packets transmitted, 1 packets received, 0% packet loss", -1).length - 1, out);
        // No shared network: unreachable, as a connect is.
        Command.Result apart = docker("run", "--rm", IMAGE, "ping", "-c1", "-W1", ip);
        assertNotEquals(0, apart.exitCode(), apart.toString());
        assertTrue(apart.stderr().contains("Host is unreachable"), apart.toString());
        ok("rm", "-f", "pinged");
        ok("network", "rm", "pings");
    }

    /**
     * A process's later connects to the same container are served by the init host alone (a route the kernel lets
     * it keep, a client socket bound at the container's loopback address in the guest's socket's place): each shows
     * what the first shows, both ends, with the options and flags set before it; a new host port behind the same
     * guest port (the server bound anew) is followed; a fork's child, a socket with a copy and one in an epoll set
     * before its connect are served as Linux would.
     */
    @Test
    void keptRoutesConnectAsTheKernelWould() throws Exception {
        String tool = guestProgram("kept_routes");
        String server = serverOn("kept", "kept-server", "-v", tool, IMAGE, "/t/kept_routes", "server", "7100");
        String out = ok("run", "--rm", "--network", "kept", "-v", tool, IMAGE, "sh", "-c",
                "until nc -z kept-server 7100; do sleep 0.1; done; hostname -i; /t/kept_routes client kept-server 7100 12");
        List<String> lines = out.lines().toList();
        String client = lines.getFirst();
        String me = java.util.regex.Pattern.quote(client);
        for (int i = 0; i < 12; i++) {
            int odd = i % 2;
            assertTrue(lines.get(1 + i).matches(i + ": local (" + me + ":\\d+) peer " + java.util.regex.Pattern.quote(server)
                    + ":7100 nodelay 1 rcvbuf kept nonblock " + odd + " cloexec " + odd + " (same|swapped) server \\1"), out);
        }
        // Served without a round trip indeed, before the server's new bind and after it.
        assertTrue(lines.subList(2, 7).stream().anyMatch(l -> l.contains(" swapped ")), out);
        assertTrue(lines.subList(9, 13).stream().anyMatch(l -> l.contains(" swapped ")), out);
        for (int i = 0; i < 3; i++)
            assertTrue(lines.get(13 + i).matches("child " + i + ": ok local (" + me + ":\\d+) server \\1"), out);
        assertTrue(lines.get(16).matches("dup: ok copy's peer " + java.util.regex.Pattern.quote(server) + ":7100 server " + me + ":\\d+"), out);
        assertTrue(lines.get(17).matches("epoll: ok ready 1 server " + me + ":\\d+"), out);
        ok("rm", "-f", "kept-server");
        ok("network", "rm", "kept");
    }

    /**
     * A hostile guest that asks for client sockets past its init host and asks on without reading the replies
     * gets none after the first: descriptors in flight count against the kernel's user on the host.
     */
    @Test
    void clientSocketsGoOnlyToAGuestThatReadsItsReplies() throws Exception {
        String tool = guestProgram("route_flood");
        String server = serverOn("flood", "flood-server", IMAGE, "httpd", "-f", "-p", "80");
        assertEquals("read at once: client sockets\nburst: one reply's at most",
                ok("run", "--rm", "--network", "flood", "-v", tool, IMAGE, "/t/route_flood", server, "80"));
        ok("rm", "-f", "flood-server");
        ok("network", "rm", "flood");
    }

    @Test
    void aRawIcmpSocketNeedsNetRaw() throws Exception {
        String tool = guestProgram("icmp_sockets");
        assertEquals("raw: ok\ndgram: ok", ok("run", "--rm", "-v", tool, IMAGE, "/t/icmp_sockets"));
        // A user other than root has no capability in effect; root without NET_RAW neither has that one.
        assertEquals("raw: Operation not permitted\ndgram: ok", ok("run", "--rm", "-u", "1000", "-v", tool, IMAGE, "/t/icmp_sockets"));
        assertEquals("raw: Operation not permitted\ndgram: ok",
                ok("run", "--rm", "--cap-drop", "NET_RAW", "-v", tool, IMAGE, "/t/icmp_sockets"));
        // busybox ping asks for a raw socket only: a user's fails as under Docker (it pinged before).
        Command.Result ping = docker("run", "--rm", "-u", "1000", IMAGE, "ping", "-c1", "-W5", "127.0.0.1");
        assertEquals(1, ping.exitCode(), ping.toString());
        assertTrue(ping.stderr().contains("permission denied (are you root?)"), ping.toString());
    }

    @Test
    void interfacesShowTheContainersAddressesAndNoneHasOnlyLoopback() {
        ok("network", "create", "ifaces");
        ok("run", "-d", "--name", "eth", "--network", "ifaces", IMAGE, "sleep", "1000");
        String ip = ok("inspect", "eth", "--format", "{{.NetworkSettings.Networks.ifaces.IPAddress}}");
        String mac = ok("inspect", "eth", "--format", "{{.NetworkSettings.Networks.ifaces.MacAddress}}");
        String eth0 = ok("exec", "eth", "ifconfig", "eth0");
        assertTrue(eth0.contains("inet addr:" + ip + " ") && eth0.contains("Mask:255.255.0.0"), eth0);
        assertTrue(eth0.contains("HWaddr " + mac.toUpperCase(java.util.Locale.ROOT)), eth0 + mac);
        assertEquals("eth0 lo", ok("exec", "eth", "sh", "-c", "ifconfig | grep -o '^[a-z0-9]*' | xargs"));
        // Netlink (busybox ip): the same interfaces, and the routes of the container's network.
        String addresses = ok("exec", "eth", "ip", "addr");
        assertTrue(addresses.contains("inet 127.0.0.1/8 scope host lo") && addresses.contains("inet " + ip + "/16 brd ")
                && addresses.contains("link/ether " + mac + " brd ff:ff:ff:ff:ff:ff"), addresses);
        assertEquals("1: lo 2: eth0", ok("exec", "eth", "sh", "-c", "ip -o link | cut -d: -f1,2 | xargs"));
        String gateway = ok("inspect", "eth", "--format", "{{.NetworkSettings.Networks.ifaces.Gateway}}");
        String subnet = ok("network", "inspect", "ifaces", "--format", "{{range .IPAM.Config}}{{.Subnet}}{{end}}");
        assertEquals(List.of("default via " + gateway + " dev eth0", subnet + " dev eth0 scope link  src " + ip),
                ok("exec", "eth", "ip", "route").lines().map(String::strip).toList());
        // /proc/net/route (busybox route): the same two.
        assertEquals(List.of("0.0.0.0 " + gateway + " 0.0.0.0 UG eth0", subnet.replace("/16", "") + " 0.0.0.0 255.255.0.0 U eth0"),
                ok("exec", "eth", "sh", "-c", "route -n | awk 'NR>2{print $1,$2,$3,$4,$8}'").lines().toList());
        Command.Result none = docker("run", "--rm", "--network", "none", IMAGE, "sh", "-c",
                "ifconfig | grep -o '^[a-z0-9]*' | xargs; ip -o link | cut -d: -f2 | xargs; ip route;"
                        + " wget -T 5 -qO- http://" + ip + "/");
        assertEquals("lo\nlo\n", none.stdout(), none.toString());
        assertTrue(none.stderr().contains("Network unreachable"), none.toString());
        ok("rm", "-f", "eth");
        ok("network", "rm", "ifaces");
    }

    @Test
    void anInternalNetworksContainersReachEachOtherButNoHost() {
        ok("network", "create", "--internal", "inside");
        assertEquals("true", ok("network", "inspect", "inside", "--format", "{{.Internal}}"));
        // A host service: a port published on the host's loopback.
        ok("run", "-d", "--name", "on-host", "-p", "127.0.0.1::80", IMAGE, "sh", "-c",
                "echo hostpage > /tmp/index.html && exec httpd -f -p 80 -h /tmp");
        String published = ok("port", "on-host", "80").lines().findFirst().orElseThrow();
        String hostPort = published.substring(published.lastIndexOf(':') + 1);
        ok("run", "-d", "--name", "inner", "--network", "inside", IMAGE, "sh", "-c",
                "echo inner > /tmp/index.html && exec httpd -f -p 80 -h /tmp");
        String gateway = ok("inspect", "inner", "--format", "{{.NetworkSettings.Networks.inside.Gateway}}");
        String out = ok("run", "--rm", "--network", "inside", IMAGE, "sh", "-c",
                "until wget -qO- http://inner/ 2>/dev/null; do sleep 0.2; done; ip route | grep -c default;"
                        + " for to in 127.0.0.1:" + hostPort + " " + gateway + ":" + hostPort + " 203.0.113.1:80; do"
                        + " wget -T 5 -qO- http://$to/ 2>&1 | grep -o 'Connection refused\\|Network unreachable\\|hostpage'; done");
        // Its loopback is its own (nothing listens there), the host and the outside are off its networks.
        assertEquals(List.of("inner", "0", "Connection refused", "Network unreachable", "Network unreachable"),
                out.lines().toList(), out);
        // On the default bridge too, it reaches the host again, at the bridge's gateway; its loopback stays its
        // own, as in Docker (a host service there was reached before).
        ok("network", "connect", "bridge", "inner");
        String bridgeGateway = ok("inspect", "inner", "--format", "{{.NetworkSettings.Networks.bridge.Gateway}}");
        assertEquals("hostpage", ok("exec", "inner", "wget", "-T", "5", "-qO-", "http://" + bridgeGateway + ":" + hostPort + "/"));
        assertEquals("Connection refused", ok("exec", "inner", "sh", "-c", "wget -T 5 -qO- http://127.0.0.1:" + hostPort
                + "/ 2>&1 | grep -o 'Connection refused\\|hostpage'"));
        ok("rm", "-f", "on-host", "inner");
        ok("network", "rm", "inside");
    }

    @Test
    void aContainerJoinsAnothersNetworkAndPortSpace() {
        ok("network", "create", "joined");
        ok("run", "-d", "--name", "owner", "--network", "joined", IMAGE, "sh", "-c",
                "echo from-owner > /tmp/index.html && exec httpd -f -p 127.0.0.1:8080 -h /tmp");
        String ip = ok("inspect", "owner", "--format", "{{.NetworkSettings.Networks.joined.IPAddress}}");
        String hostname = ok("inspect", "owner", "--format", "{{.Config.Hostname}}");
        // The owner's loopback server, addresses and name; its port taken in the one space both have.
        String out = ok("run", "--rm", "--network", "container:owner", IMAGE, "sh", "-c",
                "until wget -qO- http://127.0.0.1:8080/ 2>/dev/null; do sleep 0.2; done;"
                        + " ip -4 addr show eth0 | grep -o 'inet [0-9.]*'; hostname; nc -l -s 127.0.0.1 -p 8080 2>&1 | head -1");
        assertEquals(List.of("from-owner", "inet " + ip, hostname, "nc: bind: Address in use"), out.lines().toList(), out);
        ok("stop", "-t", "1", "owner");
        fails("cannot join network of a non running container: owner", "run", "--rm", "--network", "container:owner", IMAGE, "true");
        fails("No such container: nobody", "run", "--rm", "--network", "container:nobody", IMAGE, "true");
        ok("rm", "owner");
        ok("network", "rm", "joined");
    }

    @Test
    void hostsAndResolvConfTakeAddHostAndDns() {
        ok("network", "create", "names");
        ok("run", "-d", "--name", "stays", "--network", "names", "--add-host", "db.example:10.1.2.3",
                "--dns", "192.0.2.53", "--dns-search", "example.org", IMAGE, "sleep", "1000");
        String hosts = ok("exec", "stays", "cat", "/etc/hosts");
        assertTrue(hosts.contains("10.1.2.3\tdb.example"), hosts);
        String gateway = ok("inspect", "stays", "--format", "{{.NetworkSettings.Networks.names.Gateway}}");
        assertTrue(hosts.lines().anyMatch((gateway + "\thost.docker.internal")::equals), hosts);
        String ip = ok("inspect", "stays", "--format", "{{.NetworkSettings.Networks.names.IPAddress}}");
        assertEquals(ip, ok("exec", "stays", "hostname", "-i"));
        // On a user network the embedded DNS is the name server, as in Docker; --dns is where it forwards.
        assertEquals("nameserver 127.0.0.11\nsearch example.org\noptions ndots:0", ok("exec", "stays", "cat", "/etc/resolv.conf"));
        // On the default bridge there is none: --dns is the name server.
        assertEquals("nameserver 192.0.2.53", ok("run", "--rm", "--dns", "192.0.2.53", IMAGE, "cat", "/etc/resolv.conf"));
        // Other containers are the DNS's, not in /etc/hosts.
        ok("run", "-d", "--name", "other", "--network", "names", IMAGE, "sleep", "1000");
        assertFalse(ok("exec", "stays", "cat", "/etc/hosts").contains("other"));
        // Connecting adds the container's own address on the new network to its /etc/hosts.
        ok("network", "create", "names2");
        ok("network", "connect", "names2", "stays");
        String ip2 = ok("inspect", "stays", "--format", "{{.NetworkSettings.Networks.names2.IPAddress}}");
        assertTrue(ok("exec", "stays", "cat", "/etc/hosts").contains(ip2 + "\t"));
        fails("invalid IP address in add-host", "create", "--add-host", "x:notanip", IMAGE, "true");
        ok("rm", "-f", "stays", "other");
        ok("network", "rm", "names", "names2");
    }

    /** The addresses busybox nslookup found for {@code name} in a new container with these options, or its failure's words. */
    private String lookup(String name, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--rm"));
        args.addAll(List.of(options));
        args.addAll(List.of(IMAGE, "sh", "-c", "nslookup " + name + " | grep -o 'Address: .*\\|name = .*\\|NXDOMAIN\\|SERVFAIL' | sort -u"));
        return docker(args.toArray(String[]::new)).stdout().strip();
    }

    @Test
    void theEmbeddedDnsAnswersNamesOnSharedNetworksAndFollowsThem() {
        ok("network", "create", "dns");
        ok("network", "create", "dns-apart");
        String id = ok("run", "-d", "--name", "named", "--network", "dns", "--network-alias", "other-name", IMAGE, "sh", "-c",
                "echo by-name > /tmp/index.html && exec httpd -f -p 80 -h /tmp");
        String ip = ok("inspect", "named", "--format", "{{.NetworkSettings.Networks.dns.IPAddress}}");
        String on = "--network=dns";
        // busybox nslookup asks the name server itself (it never reads /etc/hosts): name, alias, short id, address.
        assertEquals("Address: " + ip, lookup("named", on));
        assertEquals("Address: " + ip, lookup("other-name", on));
        assertEquals("Address: " + ip, lookup(id.substring(0, 12), on));
        assertEquals("name = named.dns", lookup(ip, on));
        // NAME.NETWORK, as Docker answers: the name, an alias or the short id with a shared network's name.
        assertEquals("Address: " + ip, lookup("named.dns", on));
        assertEquals("Address: " + ip, lookup("Other-Name.DNS", on));
        assertEquals("Address: " + ip, lookup(id.substring(0, 12) + ".dns", on));
        // musl's getaddrinfo (wget, ping) asks it too.
        assertEquals("by-name\nPING named (" + ip + ")", ok("run", "--rm", on, IMAGE, "sh", "-c",
                "until wget -qO- http://named/ 2>/dev/null; do sleep 0.2; done; ping -c1 -W1 named 2>&1 | grep -o '^PING named ([0-9.]*)'"));
        // TCP (what a resolver falls back to for a truncated answer): a query for named, type A; its answer ends with the address.
        String tcp = ok("run", "--rm", on, IMAGE, "sh", "-c",
                "printf '\\000\\027\\022\\064\\001\\000\\000\\001\\000\\000\\000\\000\\000\\000\\005named\\000\\000\\001\\000\\001'"
                        + " | nc 127.0.0.11 53 | od -An -tu1 | xargs");
        assertTrue(tcp.endsWith(" 4 " + ip.replace('.', ' ')), tcp);
        // Another network: no such name. A name outside with no server to ask: SERVFAIL, at once.
        assertEquals("NXDOMAIN", lookup("named", "--network=dns-apart"));
        assertEquals("SERVFAIL", lookup("example.org", "--network=dns", "--dns", "127.0.0.1"));
        // A container on the default bridge only has the host's name servers; joining a user network, it gets the DNS.
        ok("run", "-d", "--name", "late", IMAGE, "sleep", "1000");
        ok("network", "connect", "dns", "late");
        assertEquals("nameserver 127.0.0.11", ok("exec", "late", "head", "-1", "/etc/resolv.conf"));
        assertTrue(ok("exec", "late", "nslookup", "named").contains("Address: " + ip));
        ok("rm", "-f", "late");
        // Answers follow the network's members: disconnect, connect, stop, start, rename.
        ok("network", "disconnect", "dns", "named");
        assertEquals("NXDOMAIN", lookup("named", on));
        ok("network", "connect", "--alias", "again", "dns", "named");
        String ipAgain = ok("inspect", "named", "--format", "{{.NetworkSettings.Networks.dns.IPAddress}}");
        assertEquals("Address: " + ipAgain, lookup("again", on));
        ok("stop", "-t", "0", "named");
        assertEquals("NXDOMAIN", lookup("named", on));
        ok("start", "named");
        assertEquals("Address: " + ipAgain, lookup("named", on));
        ok("rename", "named", "renamed");
        assertEquals("NXDOMAIN", lookup("named", on));
        assertEquals("Address: " + ipAgain, lookup("renamed", on));
        ok("rm", "-f", "renamed");
        ok("network", "rm", "dns", "dns-apart");
    }
}
