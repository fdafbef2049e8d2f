package dev.lamina.builder.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cases of moby's patternmatcher tests (MatchesOrParentMatches), their expectations written anew. */
class DockerIgnoreTest {

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource(delimiterString = " => ", textBlock = """
            ** => file => true
            **/ => file => true
            ** => dir/file => true
            **/** => dir/file => true
            dir/** => dir/file => true
            dir/** => dir/dir2/file => true
            **/dir => dir => true
            **/dir => dir/file => true
            **/dir2/* => dir/dir2/file => true
            **/dir2/** => dir/dir2/dir3/file => true
            **file => file => true
            **file => dir/file => true
            **file => dir/barfile => true
            **/file => dir/dir/file => true
            **/file* => dir/dir/file.txt => true
            **/file*txt => dir/dir/file.txt => true
            **/**/*.txt => dir/dir/file.txt => true
            **/**/*.txt2 => dir/dir/file.txt => false
            **/*.txt => file.txt => true
            a**/*.txt => a/dir/dir/file.txt => true
            a/*.txt => a/dir/file.txt => false
            a/*.txt => a/file.txt => true
            a/*.txt** => a/file.txt => true
            a[b-d]e => ae => false
            a[b-d]e => ace => true
            a[b-d]e => aae => false
            a[^b-d]e => aze => true
            .* => .foo => true
            .* => foo => false
            abc.def => abcdef => false
            abc.def => abc.def => true
            abc?def => abcZdef => true
            abc?def => abcdef => false
            a\\\\ => a\\ => true
            a\\*b => a*b => true
            a\\*b => axb => false
            **/foo/bar => foo/bar => true
            **/foo/bar => dir/dir2/foo/bar => true
            abc/** => abc => false
            abc/** => abc/def/ghi => true
            **/.foo => .foo => true
            **/.foo => bar.foo => false
            a(b)c/def => a(b)c/def => true
            a(b)c/def => a(b)c/xyz => false
            a.|)$(}+{bc => a.|)$(}+{bc => true
            dist/*.whl => dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl => true
            node_modules => node_modules/a/b.js => true
            /secret/ => secret/key => true
            ./build => build/out => true
            docs/../build => build => true
            *.md => sub/README.md => false
            """)
    void oneRule(String pattern, String path, boolean excluded) {
        assertEquals(excluded, DockerIgnore.parse(pattern).excluded(path));
    }

    @Test
    void laterRulesWinAndExceptionsReinclude() {
        DockerIgnore ignore = DockerIgnore.parse("""
                # comment
                **
                !util/docker/web

                   !keep.txt   \s
                """);
        assertTrue(ignore.excluded("anything"));
        assertFalse(ignore.excluded("util/docker/web/foo"));
        assertFalse(ignore.excluded("keep.txt"));
        assertTrue(DockerIgnore.parse("**\n!util/docker/web\nutil/docker/web/foo").excluded("util/docker/web/foo"));
        assertFalse(DockerIgnore.parse("**\n!dist/*.whl").excluded("dist/a-1.0+x-py3.whl"));
        assertFalse(DockerIgnore.parse("*.md\n!README.md").excluded("README.md"));
        assertTrue(DockerIgnore.parse("!README.md\n*.md").excluded("README.md"));
    }

    @Test
    void theRootIsNeverExcluded() {
        assertFalse(DockerIgnore.parse("**").excluded("."));
        assertFalse(DockerIgnore.parse("**").excluded(""));
    }

    @Test
    void badPatterns() {
        assertEquals("illegal exclusion pattern: \"!\"",
                assertThrows(BuildContextException.class, () -> DockerIgnore.parse("!")).getMessage());
        assertEquals("invalid .dockerignore pattern \"a[\": syntax error in pattern",
                assertThrows(BuildContextException.class, () -> DockerIgnore.parse("a[")).getMessage());
    }
}
