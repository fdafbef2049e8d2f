package dev.lamina.engine.networks;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * One container's embedded DNS, as Docker's answers: A records for the names of the
 * containers it shares a user network with (names, aliases, short ids) and for
 * host.docker.internal; an empty answer for their other types (AAAA: no container has
 * IPv6); PTR for their addresses. Other names go to the upstream servers, but names of
 * one label, which no public server has (NXDOMAIN here, as systemd-resolved answers),
 * and SERVFAIL when none answers. Messages are read and written by dnsjava, which
 * refuses compression loops and names over 255 bytes; anything it cannot read is FORMERR.
 */
public final class DnsAnswers {
    /** Docker's TTL for its containers' records. */
    static final int TTL = 600;
    private static final Name REVERSE_V4 = Name.fromConstantString("in-addr.arpa.");

    private final NameDirectory directory;
    private final String asker;
    private final Upstream upstream;

    public DnsAnswers(NameDirectory directory, String asker, Upstream upstream) {
        this.directory = directory;
        this.asker = asker;
        this.upstream = upstream;
    }

    /** The answer to the message a guest sent, or null when none is due (a response, or not even a header). */
    public byte[] answer(byte[] query, boolean tcp) {
        if (query.length < Header.LENGTH || (query[2] & 0x80) != 0) return null;
        Message q;
        try {
            q = new Message(query);
        } catch (IOException | RuntimeException e) {
            Message r = new Message((query[0] & 255) << 8 | query[1] & 255);
            r.getHeader().setFlag(Flags.QR);
            r.getHeader().setRcode(Rcode.FORMERR);
            return r.toWire();
        }
        int max = tcp ? Message.MAXLENGTH : udpSize(q);
        if (q.getHeader().getOpcode() != Opcode.QUERY) return reply(q, Rcode.NOTIMP, List.of(), max);
        Record question = q.getQuestion();
        if (question == null || q.getHeader().getCount(Section.QUESTION) != 1) return reply(q, Rcode.FORMERR, List.of(), max);
        Name name = question.getName();
        if (question.getDClass() == DClass.IN) {
            List<Record> local = local(name, question.getType());
            if (local != null) return reply(q, Rcode.NOERROR, local, max);
        }
        if (name.labels() <= 2) return reply(q, Rcode.NXDOMAIN, List.of(), max);
        byte[] forwarded = upstream.forward(query, tcp);
        return forwarded != null ? forwarded : reply(q, Rcode.SERVFAIL, List.of(), max);
    }

    /** The records of a name the engine knows (perhaps none of the type asked), or null when it is not one. */
    private List<Record> local(Name name, int type) {
        Inet4Address reverse = reverse(name);
        if (reverse != null) {
            String target = directory.name(asker, reverse);
            if (target == null) return null;
            if (type != Type.PTR) return List.of();
            try {
                return List.of(new PTRRecord(name, DClass.IN, TTL, Name.fromString(target + ".")));
            } catch (TextParseException e) {
                return null; // not a name DNS can carry
            }
        }
        List<Inet4Address> found = directory.addresses(asker, name.toString(true).toLowerCase(Locale.ROOT));
        if (found.isEmpty()) return null;
        if (type != Type.A) return List.of();
        return found.stream().<Record>map(a -> new ARecord(name, DClass.IN, TTL, a)).toList();
    }

    /** The address of a name D.C.B.A.in-addr.arpa, or null. */
    private static Inet4Address reverse(Name name) {
        if (name.labels() != 7 || !name.subdomain(REVERSE_V4)) return null;
        byte[] a = new byte[4];
        for (int i = 0; i < 4; i++) {
            String label = name.getLabelString(i);
            if (!label.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(label) > 255) return null;
            a[3 - i] = (byte) Integer.parseInt(label);
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The largest UDP answer the asker takes: 512 bytes, or what its EDNS record says. */
    private static int udpSize(Message q) {
        OPTRecord opt = q.getOPT();
        return opt == null ? 512 : Math.clamp(opt.getPayloadSize(), 512, Message.MAXLENGTH);
    }

    /** A response to {@code q}: its id, question and recursion wish; truncated (TC) to {@code max} bytes. */
    private static byte[] reply(Message q, int rcode, List<Record> answers, int max) {
        Header h = q.getHeader();
        Message r = new Message(h.getID());
        Header rh = r.getHeader();
        rh.setFlag(Flags.QR);
        rh.setFlag(Flags.RA);
        if (h.getFlag(Flags.RD)) rh.setFlag(Flags.RD);
        rh.setOpcode(h.getOpcode());
        rh.setRcode(rcode);
        if (q.getQuestion() != null && h.getCount(Section.QUESTION) == 1) r.addRecord(q.getQuestion(), Section.QUESTION);
        for (Record a : answers) r.addRecord(a, Section.ANSWER);
        if (q.getOPT() != null) r.addRecord(new OPTRecord(Message.MAXLENGTH, 0, 0), Section.ADDITIONAL);
        return r.toWire(max);
    }
}
