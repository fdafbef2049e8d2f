package dev.lamina.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatestReadsTest {
    @Test
    void anEarlierReadAnsweringLateIsDropped() {
        LatestReads reads = new LatestReads();
        long afterCreate = reads.next("c1");
        long afterStart = reads.next("c1");
        long other = reads.next("c2");
        assertTrue(reads.isLatest("c1", afterStart));
        assertFalse(reads.isLatest("c1", afterCreate), "the create's read, answering after the start's, would show 'created'");
        assertTrue(reads.isLatest("c2", other));
        reads.forget("c1");
        assertFalse(reads.isLatest("c1", afterStart), "destroyed meanwhile: a late answer must not bring the row back");
    }
}
