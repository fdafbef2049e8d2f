package dev.lamina.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Statistics;
import org.junit.jupiter.api.Test;

class ContainerRowTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static <T> T read(String json, Class<T> type) throws Exception {
        return JSON.readValue(json.replace('\'', '"'), type);
    }

    @Test
    void aRowFromTheEnginesList() throws Exception {
        ContainerRow row = new ContainerRow(read("{'Id':'abc','Names':['/web'],'Image':'alpine','State':'exited',"
                + "'Status':'Exited (137) 2 minutes ago','Created':5,'Ports':[{'PrivatePort':80,'PublicPort':8080,"
                + "'IP':'127.0.0.1','Type':'tcp'},{'PrivatePort':53,'Type':'udp'}]}", Container.class));
        assertEquals("web", row.nameProperty().get());
        assertEquals("exited (137)", row.statusProperty().get());
        assertEquals("53/udp, 127.0.0.1:8080->80/tcp", row.portsText());
        assertEquals(java.util.List.of(java.util.Optional.empty(), java.util.Optional.of("http://127.0.0.1:8080")),
                row.portsProperty().get().stream().map(PublishedPort::url).toList(), "a published TCP port is a link");
        assertEquals(false, row.running());
        assertEquals("running", ContainerRow.describe("running", "Up 3 minutes"));
        assertEquals("created", ContainerRow.describe("created", "Created"));
    }

    @Test
    void itsAgeChangesOnlyWhenItsTextDoes() throws Exception {
        long created = java.time.Instant.now().getEpochSecond() - 600;
        ContainerRow row = new ContainerRow(read("{'Id':'abc','Names':['/web'],'Image':'alpine','State':'running',"
                + "'Status':'Up','Created':" + created + "}", Container.class));
        assertEquals("10 minutes ago", row.ageProperty().get());
        int[] changes = {0};
        row.ageProperty().addListener((_, _, _) -> changes[0]++);
        row.age(java.time.Instant.ofEpochSecond(created + 630));
        assertEquals(0, changes[0], "the same text: no cell to lay out again");
        row.age(java.time.Instant.ofEpochSecond(created + 660));
        assertEquals("11 minutes ago", row.ageProperty().get());
        assertEquals(1, changes[0]);
    }

    @Test
    void aPortOnEveryAddressOpensOnLocalhost() throws Exception {
        ContainerRow row = new ContainerRow(read("{'Id':'abc','Names':['/web'],'Image':'alpine','State':'running','Status':'Up',"
                + "'Created':5,'Ports':[{'PrivatePort':80,'PublicPort':8080,'IP':'0.0.0.0','Type':'tcp'},"
                + "{'PrivatePort':80,'PublicPort':8080,'IP':'::','Type':'tcp'}]}", Container.class));
        assertEquals("0.0.0.0:8080->80/tcp", row.portsText(), "IPv4's and IPv6's every address, as the engine lists them: one link");
        assertEquals("http://localhost:80", new PublishedPort("0.0.0.0", 80, 80, "tcp").url().orElseThrow());
        assertEquals("http://localhost:80", new PublishedPort("::", 80, 80, "tcp").url().orElseThrow());
        assertEquals("http://[::1]:8443", new PublishedPort("::1", 8443, 443, "tcp").url().orElseThrow());
        assertEquals(java.util.Optional.empty(), new PublishedPort("0.0.0.0", 5353, 53, "udp").url());
    }

    @Test
    void cpuAsDockerStatsComputesIt() throws Exception {
        Statistics s = read("{'cpu_stats':{'cpu_usage':{'total_usage':3000},'system_cpu_usage':20000,'online_cpus':2},"
                + "'precpu_stats':{'cpu_usage':{'total_usage':1000},'system_cpu_usage':10000}}", Statistics.class);
        assertEquals("40.0%", StatsFeed.cpuPercent(s));
        assertEquals("", StatsFeed.cpuPercent(read("{'cpu_stats':{'cpu_usage':{'total_usage':1}},'precpu_stats':{}}", Statistics.class)));
    }
}
