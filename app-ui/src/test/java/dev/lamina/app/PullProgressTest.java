package dev.lamina.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.PullResponseItem;
import org.junit.jupiter.api.Test;

/** The engine's JSON progress stream, message by message, as the pull dialog reads it. */
class PullProgressTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PullResponseItem item(String json) throws Exception {
        return JSON.readValue(json.replace('\'', '"'), PullResponseItem.class);
    }

    @Test
    void eachLayerAndTheWhole() throws Exception {
        PullProgress p = new PullProgress();
        assertNull(p.accept(item("{'status':'Pulling from library/alpine','id':'3.20'}")));
        assertEquals("Pulling from library/alpine 3.20", p.status());
        assertEquals(-1, p.accept(item("{'status':'Pulling fs layer','id':'aaa'}")).fraction());
        p.accept(item("{'status':'Pulling fs layer','id':'bbb'}"));
        assertEquals(-1, p.overall());
        assertEquals(0.25, p.accept(item("{'status':'Downloading','id':'aaa','progressDetail':{'current':100,'total':400}}")).fraction());
        p.accept(item("{'status':'Downloading','id':'bbb','progressDetail':{'current':0,'total':600}}"));
        assertEquals(0.1, p.overall(), 1e-9);
        assertEquals(1.0, p.accept(item("{'status':'Pull complete','id':'aaa'}")).fraction());
        assertEquals(0.4, p.overall(), 1e-9);
        p.accept(item("{'status':'Already exists','id':'bbb'}"));
        assertEquals(1.0, p.overall());
        p.accept(item("{'status':'Digest: sha256:abc'}"));
        p.accept(item("{'status':'Status: Downloaded newer image for alpine:3.20'}"));
        assertEquals("Status: Downloaded newer image for alpine:3.20", p.status());
        assertEquals(2, p.layers().size());
    }
}
