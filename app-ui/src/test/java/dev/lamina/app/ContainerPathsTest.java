package dev.lamina.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ContainerPathsTest {
    @Test
    void normalized() {
        assertEquals("/", ContainerPaths.normalize(""));
        assertEquals("/", ContainerPaths.normalize("/.."));
        assertEquals("/a/c", ContainerPaths.normalize("a/./b/../c/"));
        assertEquals("/etc", ContainerPaths.normalize("//etc//"));
    }

    @Test
    void parentNameAndChild() {
        assertEquals("/", ContainerPaths.parent("/"));
        assertEquals("/", ContainerPaths.parent("/etc"));
        assertEquals("/etc", ContainerPaths.parent("/etc/apk/"));
        assertEquals("", ContainerPaths.name("/"));
        assertEquals("apk", ContainerPaths.name("/etc/apk"));
        assertEquals("/etc/passwd", ContainerPaths.child("/etc", "passwd"));
        assertEquals("/bin", ContainerPaths.child("/", "bin"));
    }
}
