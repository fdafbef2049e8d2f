package dev.lamina.builder.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The line level, before typing: each node dumped as moby's parser tests print theirs,
 * {@code (keyword ["flags"] "arg" ...)}; the cases follow buildkit's parser testfiles.
 */
class ParserTest {

    private static String dump(String dockerfile) {
        return Parser.parse(dockerfile).nodes().stream().map(ParserTest::dump).collect(Collectors.joining("\n"));
    }

    private static String dump(Node node) {
        StringBuilder out = new StringBuilder("(").append(node.keyword().toLowerCase());
        if (!node.flags().isEmpty()) {
            out.append(node.flags().stream().map(GoQuote::quote).collect(Collectors.joining(" ", " [", "]")));
        }
        if (node.child() != null) {
            out.append(" ").append(dump(node.child()));
        }
        node.args().forEach(a -> out.append(' ').append(GoQuote.quote(a)));
        return out.append(')').toString();
    }

    @Test
    void envKeepsQuotesAndEscapesForExpansion() {
        assertEquals("""
                (from "ubuntu")
                (env "name" "value" "")
                (env "name" "value with  spaces" "")
                (env "a" "1" "=" "b" "2" "=")
                (env "name" "\\"value value1\\"" "=")
                (env "name" "value\\\\ value2" "=")
                (env "name" "'a\\\\'b''" "=")
                (env "name" "value" "=" "name1" "value1" "=" "name2" "\\"value2a            value2b\\"" "=")""",
                dump("""
                        FROM ubuntu
                        ENV name value
                        ENV name value with  spaces
                        ENV a=1 b=2
                        ENV name="value value1"
                        ENV name=value\\ value2
                        ENV name='a\\'b''
                        ENV name=value \\
                            name1=value1 \\
                            name2="value2a \\
                                   value2b" \\
                        """));
    }

    @Test
    void flagsStopAtTheFirstOtherWordOrDoubleDash() {
        assertEquals("""
                (copy "foo" "/tmp/")
                (copy ["--user=me" "--doit=true"] "foo" "/tmp/")
                (copy ["--doit=true"] "foo" "/tmp/")
                (copy "foo" "/tmp/")
                (cmd ["--doit"] "a" "b")
                (copy ["--from=a b"] "x" "y")""",
                dump("""
                        COPY foo /tmp/
                        COPY --user=me --doit=true foo /tmp/
                        COPY --doit=true -- foo /tmp/
                        COPY -- foo /tmp/
                        CMD --doit [ "a", "b" ]
                        COPY --from="a b" x y
                        """));
    }

    @Test
    void backtickEscapeDirective() {
        Parser.Result result = Parser.parse("#escape = `\n\nFROM image\nLABEL maintainer foo@bar.com\nENV GOPATH `\n\\go");
        assertEquals('`', result.escape());
        assertEquals("""
                (from "image")
                (label "maintainer" "foo@bar.com" "")
                (env "GOPATH" "\\\\go" "")""", dump("#escape = `\n\nFROM image\nLABEL maintainer foo@bar.com\nENV GOPATH `\n\\go"));
    }

    @Test
    void directivesOnlyAtTheTop() {
        String text = "# a comment first\n# escape = `\nFROM image\nENV GOPATH \\\n\\go";
        assertEquals('\\', Parser.parse(text).escape());
        assertEquals("(from \"image\")\n(env \"GOPATH\" \"\\\\go\" \"\")", dump(text));
        assertEquals('`', Parser.parse("# syntax=docker/dockerfile:1\n# escape=`\nFROM x").escape());
        var twice = assertThrows(DockerfileException.class, () -> Parser.parse("# escape=`\n# escape=\\\nFROM x"));
        assertEquals("dockerfile parse error on line 2: only one escape parser directive can be used", twice.getMessage());
        var bad = assertThrows(DockerfileException.class, () -> Parser.parse("# escape=x\nFROM x"));
        assertEquals("dockerfile parse error on line 1: invalid escape token 'x' does not match ` or \\", bad.getMessage());
    }

    @Test
    void continuationsJoinLinesKeepingTheirIndentation() {
        assertEquals("""
                (run "echo hello  world  goodnight    moon  lightning")
                (run "echo hello  world")
                (run "echo hi   world  goodnight")
                (run "echo hello this is some more useful stuff")
                (run "apt-get \\\\update &&   apt-get \\\\\\"install znc -y")
                (run "foo bar baz")
                (run "something")""",
                dump("""
                        RUN echo hello\\
                          world\\
                          goodnight  \\
                          moon\\
                          light\\
                        ning
                        RUN echo hello  \\  \t
                        world
                        RUN echo hi \\
                         \\
                         world \\
                        \\
                         good\\
                        \\
                        night
                        RUN echo hello \\
                        # this is a comment

                        # this is a comment with a blank line surrounding it

                        this is some more useful stuff
                        RUN apt-get \\update && \\
                          apt-get \\"install znc -y
                        RUN foo \\

                        bar \\

                        baz
                        RUN something \\"""));
    }

    @Test
    void jsonArraysAndShellForm() {
        assertEquals("""
                (cmd)
                (cmd "")
                (cmd "a" "b")
                (cmd "a" "b")
                (cmd "abc 123" "♥" "\\" \\\\ / \\n \\t")
                (cmd "[\\"a\\", 'b']")
                (cmd "[\\"a\\"] trailing")
                (run "[ \\"echo\\", \\"unterminated ]")
                (volume "/a" "/b")
                (volume "/c d")
                (copy "a b" "/c")""",
                dump("""
                        CMD []
                        CMD [""]
                        CMD ["a","b"]
                        CMD\t[\t"a",\t"b"\t]\t
                        CMD ["abc 123", "♥", "\\" \\\\ \\/ \\n \\t"]
                        CMD ["a", 'b']
                        CMD ["a"] trailing
                        RUN [ "echo", "unterminated ]
                        VOLUME /a /b
                        VOLUME ["/c d"]
                        COPY ["a b", "/c"]
                        """));
        var e = assertThrows(DockerfileException.class, () -> Parser.parse("FROM x\nCMD [\"a\", 1]"));
        assertEquals("dockerfile parse error on line 2: when using JSON array syntax, arrays must be comprised of strings only",
                e.getMessage());
    }

    @Test
    void healthcheckTypeThenCommand() {
        assertEquals("""
                (healthcheck)
                (healthcheck ["--interval=5s" "--timeout=3s" "--retries=3"] "CMD" "/app/check.sh --quiet")
                (healthcheck "CMD" "a b")
                (healthcheck ["--timeout=3s"] "CMD" "foo")
                (healthcheck "CONNECT" "TCP 7000")""",
                dump("""
                        HEALTHCHECK
                        HEALTHCHECK --interval=5s --timeout=3s --retries=3 \\
                          CMD /app/check.sh --quiet
                        HEALTHCHECK   CMD   a b
                        HEALTHCHECK --timeout=3s CMD ["foo"]
                        HEALTHCHECK CONNECT TCP 7000
                        """));
    }

    @Test
    void onbuildCarriesItsInstruction() {
        assertEquals("(onbuild (run \"echo hi\"))\n(onbuild (copy [\"--from=x\"] \"a\" \"b\"))",
                dump("ONBUILD RUN echo hi\nonbuild COPY --from=x a b"));
    }

    @Test
    void heredocsFollowTheirLine() {
        String text = """
                FROM alpine
                USER <<INVALID
                INVALID
                RUN <<EMPTY
                EMPTY
                RUN "<<NOHEREDOC"
                RUN <<INDENT
                \tfoo
                \tbar
                INDENT
                RUN <<-UNINDENT
                \tbaz
                \tquux
                \tUNINDENT
                RUN <<-'NOEXPAND'
                \tdon't expand $NAME
                NOEXPAND
                COPY <<FILE1 <<FILE2 /dest
                content 1
                FILE1
                content 2
                FILE2
                COPY <<X <<Y /dest
                Y
                X
                X
                Y
                RUN <<eo'f'
                echo foo
                eof
                RUN <<eo\\'f
                echo foo
                eo'f
                RUN <<'e'o\\'f
                echo foo
                eo'f
                RUN <<'one two'
                echo bar
                one two
                RUN <<$EOF
                $EOF
                RUN <<  EOF  > foo
                EOF
                RUN ["<<NOTJSON"]
                RUN --mount=x <<M
                # not a comment here
                M
                """;
        List<List<Heredoc>> docs = Parser.parse(text).nodes().stream().map(Node::heredocs).toList();
        assertEquals(List.of(
                List.of(),
                List.of(),
                List.of(), // the delimiter line of USER's word became an instruction
                List.of(new Heredoc("EMPTY", "", true)),
                List.of(),
                List.of(new Heredoc("INDENT", "\tfoo\n\tbar\n", true)),
                List.of(new Heredoc("UNINDENT", "baz\nquux\n", true)),
                List.of(new Heredoc("NOEXPAND", "don't expand $NAME\n", false)),
                List.of(new Heredoc("FILE1", "content 1\n", true), new Heredoc("FILE2", "content 2\n", true)),
                List.of(new Heredoc("X", "Y\n", true), new Heredoc("Y", "X\n", true)),
                List.of(new Heredoc("eof", "echo foo\n", false)),
                List.of(new Heredoc("eo'f", "echo foo\n", true)),
                List.of(new Heredoc("eo'f", "echo foo\n", false)),
                List.of(new Heredoc("one two", "echo bar\n", false)),
                List.of(new Heredoc("$EOF", "", true)),
                List.of(new Heredoc("EOF", "", true)),
                List.of(),
                List.of(new Heredoc("M", "# not a comment here\n", true))), docs);
    }

    @Test
    void unterminatedHeredoc() {
        var e = assertThrows(DockerfileException.class, () -> Parser.parse("FROM x\nRUN <<EOF\necho\n"));
        assertEquals("dockerfile parse error on line 2: unterminated heredoc", e.getMessage());
    }

    @Test
    void crlfLinesAndByteOrderMark() {
        assertEquals("(from \"x\")\n(run \"a b\")", dump("\uFEFFFROM x\r\nRUN a \\\r\nb\r\n"));
    }

    @Test
    void nothingButComments() {
        var e = assertThrows(DockerfileException.class, () -> Parser.parse("# just\n\n   # comments\n"));
        assertEquals("file with no instructions", e.getMessage());
    }
}
