package dev.lamina.engine.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.engine.http.ApiException;
import dev.lamina.engine.http.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `docker commit --change` instructions on a run config, and dockerd's merge with the container's. */
class ConfigChangesTest {
    private static ObjectNode config(String json) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    private static ObjectNode changed(String json, String... changes) throws Exception {
        ObjectNode c = config(json);
        ConfigChanges.apply(c, List.of(changes));
        return c;
    }

    @Test
    void appliesEachInstructionAsADockerfileDoes() throws Exception {
        ObjectNode c = changed("{\"Env\":[\"PATH=/bin\",\"A=old\"],\"WorkingDir\":\"/srv\",\"Cmd\":[\"sh\"]}",
                "CMD echo hi", "env A=new B=\"two words\" C=a\\ b", "ENV D the rest of it", "EXPOSE 80 53/udp 8000-8002",
                "LABEL \"com.x\"=y z='q q'", "USER u:g", "VOLUME [\"/v\", \"/w\"]", "VOLUME /a /b", "WORKDIR app",
                "WORKDIR ../lib/./x", "STOPSIGNAL SIGINT", "ONBUILD RUN make", "# a comment", "");
        assertEquals("[\"/bin/sh\",\"-c\",\"echo hi\"]", c.get("Cmd").toString());
        assertEquals("[\"PATH=/bin\",\"A=new\",\"B=two words\",\"C=a b\",\"D=the rest of it\"]", c.get("Env").toString());
        assertEquals("{\"80/tcp\":{},\"53/udp\":{},\"8000/tcp\":{},\"8001/tcp\":{},\"8002/tcp\":{}}", c.get("ExposedPorts").toString());
        assertEquals("{\"com.x\":\"y\",\"z\":\"q q\"}", c.get("Labels").toString());
        assertEquals("u:g", c.get("User").asText());
        assertEquals("{\"/v\":{},\"/w\":{},\"/a\":{},\"/b\":{}}", c.get("Volumes").toString());
        assertEquals("/srv/lib/x", c.get("WorkingDir").asText());
        assertEquals("SIGINT", c.get("StopSignal").asText());
        assertEquals("[\"RUN make\"]", c.get("OnBuild").toString());
    }

    @Test
    void anEntrypointClearsTheCommandUnlessACmdCameFirst() throws Exception {
        assertEquals("null", changed("{\"Cmd\":[\"sh\"]}", "ENTRYPOINT [\"/bin/echo\"]").get("Cmd").toString());
        ObjectNode both = changed("{\"Cmd\":[\"sh\"]}", "CMD [\"hi\"]", "ENTRYPOINT [\"/bin/echo\"]");
        assertEquals("[\"hi\"]", both.get("Cmd").toString());
        assertEquals("[\"/bin/echo\"]", both.get("Entrypoint").toString());
    }

    @Test
    void wordsExpandWithTheConfigsEnvironmentAndAHealthCheckIsKept() throws Exception {
        ObjectNode c = changed("{\"Env\":[\"PATH=/usr/bin:/bin\",\"APP=/srv/app\"]}", "ENV PATH=$PATH:/opt/bin", "WORKDIR ${APP}/run",
                "LABEL home=$APP", "HEALTHCHECK --interval=5s --retries=2 CMD wget -q -O- localhost:8080/health", "WORKDIR with space");
        assertEquals("[\"PATH=/usr/bin:/bin:/opt/bin\",\"APP=/srv/app\"]", c.get("Env").toString());
        assertEquals("/srv/app/run/with space", c.get("WorkingDir").asText());
        assertEquals("/srv/app", c.get("Labels").get("home").asText());
        assertEquals("{\"Test\":[\"CMD-SHELL\",\"wget -q -O- localhost:8080/health\"],\"Interval\":5000000000,\"Retries\":2}",
                c.get("Healthcheck").toString());
        assertEquals("[\"NONE\"]", changed("{}", "HEALTHCHECK NONE").get("Healthcheck").get("Test").toString());
    }

    @Test
    void refusesWhatDockerdRefuses() {
        assertEquals("RUN is not a valid change command", refusal("RUN make"));
        assertEquals("FROM is not a valid change command", refusal("FROM alpine"));
        assertEquals("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", refusal("ONBUILD ONBUILD RUN x"));
        assertEquals("invalid containerPort: eighty", refusal("EXPOSE eighty"));
        assertEquals("invalid proto: icmp", refusal("EXPOSE 1/icmp"));
        assertEquals("WORKDIR requires exactly one argument", refusal("WORKDIR"));
        assertEquals("when using JSON array syntax, arrays must be comprised of strings only", refusal("CMD [1, 2]"));
        assertEquals("SHELL is not a valid change command", refusal("SHELL [\"/bin/bash\", \"-c\"]"));
        assertEquals("failed to process \"\\\"open\": unexpected end of statement while looking for matching double-quote", refusal("ENV A=\"open"));
        assertEquals("ENV names can not be blank", refusal("ENV =x"));
        assertEquals("Invalid signal: SIGNOPE", refusal("STOPSIGNAL SIGNOPE"));
    }

    private static String refusal(String change) {
        ApiException e = assertThrows(ApiException.class, () -> changed("{}", change));
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    void theContainersConfigFillsWhatTheGivenOneLeavesEmpty() throws Exception {
        ObjectNode container = config("{\"User\":\"u\",\"Env\":[\"PATH=/bin\",\"A=1\"],\"Cmd\":[\"sh\"],\"Entrypoint\":null,"
                + "\"WorkingDir\":\"/w\",\"Labels\":{\"l\":\"c\",\"m\":\"c\"},\"ExposedPorts\":{\"80/tcp\":{}}}");
        ObjectNode made = CommitConfig.of(config("{\"Env\":[\"A=2\"],\"Labels\":{\"l\":\"given\"},\"ExposedPorts\":{\"90/tcp\":{}}}"),
                container, List.of("USER root"));
        assertEquals("root", made.get("User").asText());
        assertEquals("[\"A=2\",\"PATH=/bin\"]", made.get("Env").toString());
        assertEquals("[\"sh\"]", made.get("Cmd").toString());
        assertEquals("/w", made.get("WorkingDir").asText());
        assertEquals("{\"l\":\"given\",\"m\":\"c\"}", made.get("Labels").toString());
        assertEquals("{\"90/tcp\":{},\"80/tcp\":{}}", made.get("ExposedPorts").toString());
        // No config given: the container's own, changed.
        assertEquals("[\"/bin/sh\",\"-c\",\"true\"]", CommitConfig.of(null, container, List.of("CMD true")).get("Cmd").toString());
        assertEquals("[\"sh\"]", container.get("Cmd").toString(), "the container's config is left as it was");
    }
}
