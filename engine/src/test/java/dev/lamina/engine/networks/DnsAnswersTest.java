package dev.lamina.engine.networks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The embedded DNS's answers, and its reading of what a hostile guest may send. */
class DnsAnswersTest {
    private static final Inet4Address WEB = ip("172.18.0.2");

    /** "web" (and alias "www") at 172.18.0.2, "many" at 100 addresses, host.docker.internal at the gateway. */
    private static final NameDirectory DIRECTORY = new NameDirectory() {
        @Override
        public List<Inet4Address> addresses(String asker, String name) {
            return switch (name) {
                case "web", "www" -> List.of(WEB);
                case "host.docker.internal" -> List.of(ip("172.18.0.1"));
                case "many" -> {
                    List<Inet4Address> all = new ArrayList<>();
                    for (int i = 0; i < 100; i++) all.add(ip("10.0.0." + (i + 1)));
                    yield all;
                }
                default -> List.of();
            };
        }

        @Override
        public String name(String asker, Inet4Address address) { return address.equals(WEB) ? "web.shared" : null; }
    };

    private final DnsAnswers answers = new DnsAnswers(DIRECTORY, "asker", Upstream.NONE);

    private static Inet4Address ip(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] query(String name, int type) throws IOException {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        q.getHeader().setID(0x1234);
        return q.toWire();
    }

    private Message ask(byte[] query, boolean tcp) throws IOException {
        byte[] a = answers.answer(query, tcp);
        assertNotNull(a);
        Message m = new Message(a);
        assertEquals((query[0] & 255) << 8 | query[1] & 255, m.getHeader().getID());
        assertTrue(m.getHeader().getFlag(Flags.QR));
        return m;
    }

    @Test
    void containersHaveAddressesAndNoIpv6() throws IOException {
        Message a = ask(query("web.", Type.A), false);
        assertEquals(Rcode.NOERROR, a.getRcode());
        assertTrue(a.getHeader().getFlag(Flags.RD));
        List<Record> answer = a.getSection(Section.ANSWER);
        assertEquals(1, answer.size());
        assertEquals(WEB, ((ARecord) answer.getFirst()).getAddress());
        assertEquals(Name.fromString("web."), answer.getFirst().getName());
        // Any case, as DNS names go; the question comes back as asked.
        assertEquals(WEB, ((ARecord) ask(query("WWW.", Type.A), false).getSection(Section.ANSWER).getFirst()).getAddress());
        Message aaaa = ask(query("web.", Type.AAAA), false);
        assertEquals(Rcode.NOERROR, aaaa.getRcode());
        assertTrue(aaaa.getSection(Section.ANSWER).isEmpty());
        assertEquals(ip("172.18.0.1"),
                ((ARecord) ask(query("host.docker.internal.", Type.A), false).getSection(Section.ANSWER).getFirst()).getAddress());
    }

    @Test
    void reverseNamesOfContainers() throws IOException {
        Message ptr = ask(query("2.0.18.172.in-addr.arpa.", Type.PTR), false);
        assertEquals(Rcode.NOERROR, ptr.getRcode());
        assertEquals(Name.fromString("web.shared."), ((PTRRecord) ptr.getSection(Section.ANSWER).getFirst()).getTarget());
        // Not a container's: forwarded, and with no server SERVFAIL.
        assertEquals(Rcode.SERVFAIL, ask(query("3.0.18.172.in-addr.arpa.", Type.PTR), false).getRcode());
    }

    @Test
    void unknownNamesAreNxdomainForOneLabelAndForwardedOtherwise() throws IOException {
        assertEquals(Rcode.NXDOMAIN, ask(query("elsewhere.", Type.A), false).getRcode());
        assertEquals(Rcode.SERVFAIL, ask(query("example.invalid.", Type.A), false).getRcode());
    }

    @Test
    void forwardedQuestionsGetTheUpstreamsAnswerOrServfailWhenItIsOutOfReach() throws Exception {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             DatagramSocket closed = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress refusing = (InetSocketAddress) closed.getLocalSocketAddress();
            closed.close(); // nothing there: the host says so at once (ICMP port unreachable)
            Thread upstreamServer = Thread.ofVirtual().start(() -> {
                try {
                    byte[] buf = new byte[512];
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    server.receive(p);
                    Message q = new Message(java.util.Arrays.copyOf(buf, p.getLength()));
                    Message r = new Message(q.getHeader().getID());
                    r.getHeader().setFlag(Flags.QR);
                    r.addRecord(q.getQuestion(), Section.QUESTION);
                    r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 60, ip("192.0.2.7")), Section.ANSWER);
                    byte[] out = r.toWire();
                    server.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            DnsAnswers forwarding = new DnsAnswers(DIRECTORY, "asker",
                    new Upstream(List.of(refusing, (InetSocketAddress) server.getLocalSocketAddress())));
            Message m = new Message(forwarding.answer(query("example.org.", Type.A), false));
            upstreamServer.join();
            assertEquals(ip("192.0.2.7"), ((ARecord) m.getSection(Section.ANSWER).getFirst()).getAddress());
            assertEquals(0x1234, m.getHeader().getID());
            // Only the refusing one: SERVFAIL.
            DnsAnswers refused = new DnsAnswers(DIRECTORY, "asker", new Upstream(List.of(refusing)));
            assertEquals(Rcode.SERVFAIL, new Message(refused.answer(query("example.org.", Type.A), false)).getRcode());
        }
    }

    @Test
    void udpAnswersAreTruncatedTcpOnesAreNot() throws IOException {
        byte[] udp = answers.answer(query("many.", Type.A), false);
        assertTrue(udp.length <= 512, "" + udp.length);
        assertTrue(new Message(udp).getHeader().getFlag(Flags.TC));
        Message tcp = ask(query("many.", Type.A), true);
        assertEquals(100, tcp.getSection(Section.ANSWER).size());
    }

    @Test
    void responsesAndScrapsGetNoAnswer() throws IOException {
        byte[] response = query("web.", Type.A);
        response[2] |= (byte) 0x80;
        assertNull(answers.answer(response, false));
        assertNull(answers.answer(new byte[11], false));
    }

    /** A header with one question, then the name's bytes as given, then type A, class IN. */
    private static byte[] rawQuery(byte[] name) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
        b.writeBytes(name);
        b.writeBytes(new byte[] {0, 1, 0, 1});
        return b.toByteArray();
    }

    @Test
    void compressionLoopsAndOversizedNamesAreFormatErrors() throws IOException {
        // The name points at itself (offset 12), and a pair of pointers at each other.
        assertEquals(Rcode.FORMERR, ask(rawQuery(new byte[] {(byte) 0xc0, 12}), false).getRcode());
        assertEquals(Rcode.FORMERR, ask(rawQuery(new byte[] {1, 'a', (byte) 0xc0, 16, (byte) 0xc0, 12}), false).getRcode());
        // 5 labels of 63 bytes: over 255.
        ByteArrayOutputStream name = new ByteArrayOutputStream();
        for (int i = 0; i < 5; i++) {
            name.write(63);
            name.writeBytes("x".repeat(63).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        name.write(0);
        assertEquals(Rcode.FORMERR, ask(rawQuery(name.toByteArray()), false).getRcode());
        // A label length past the end of the message.
        assertEquals(Rcode.FORMERR, ask(rawQuery(new byte[] {60, 'a'}), false).getRcode());
    }

    /**
     * Property: whatever bytes come (mutations of real queries: flipped bits, bytes set to
     * pointers and lengths, cuts, splices), the answer is none or a response with the
     * query's id that parses, and no exception leaves the codec. Seeded: the same every run.
     */
    @Test
    void anyBytesGetAWellFormedAnswerOrNone() throws IOException {
        List<byte[]> seeds = List.of(query("web.", Type.A), query("www.", Type.AAAA), query("2.0.18.172.in-addr.arpa.", Type.PTR),
                query("nothing.", Type.MX), rawQuery(new byte[] {1, 'a', (byte) 0xc0, 12}));
        Random random = new Random(11);
        int answered = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] q = seeds.get(random.nextInt(seeds.size())).clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                switch (random.nextInt(5)) {
                    case 0 -> q[random.nextInt(q.length)] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> q[random.nextInt(q.length)] = (byte) (0xc0 | random.nextInt(2));
                    case 2 -> q[random.nextInt(q.length)] = (byte) random.nextInt(64);
                    case 3 -> q = java.util.Arrays.copyOf(q, random.nextInt(q.length + 1));
                    default -> {
                        byte[] other = seeds.get(random.nextInt(seeds.size()));
                        int at = random.nextInt(q.length + 1);
                        byte[] joined = java.util.Arrays.copyOf(q, at + other.length);
                        System.arraycopy(other, 0, joined, at, other.length);
                        q = joined;
                    }
                }
                if (q.length == 0) break;
            }
            // Forwarding would leave the process: only local answers here (Upstream.NONE gives SERVFAIL).
            byte[] a = answers.answer(q, random.nextBoolean());
            if (a == null) {
                assertTrue(q.length < 12 || (q[2] & 0x80) != 0, "an answer was due");
                continue;
            }
            answered++;
            Message m = new Message(a);
            assertArrayEquals(java.util.Arrays.copyOf(q, 2), java.util.Arrays.copyOf(a, 2));
            assertTrue(m.getHeader().getFlag(Flags.QR));
        }
        assertTrue(answered > 10_000, "" + answered);
    }
}
