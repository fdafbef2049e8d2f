package dev.lamina.image.layer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A path one unpack has made, in a tree of names. The unpacker checks every entry
 * against this tree rather than the disk, and a lookup costs the length of the
 * name however large the layer is, so a hostile layer cannot make it quadratic.
 */
final class LayerNode {
    /** Relative to the layer root, "" being the root itself. */
    final String path;
    final TarEntry.Type type;
    /** The entry whose owner, mode and times a directory takes at the end; null for one made only to hold children. */
    TarEntry entry;
    /** Set once the node is removed, so work queued for it is skipped. */
    boolean gone;
    private final LayerNode parent;
    private final String name;
    private Map<String, LayerNode> children;

    private LayerNode(LayerNode parent, String name, String path, TarEntry.Type type) {
        this.parent = parent;
        this.name = name;
        this.path = path;
        this.type = type;
    }

    static LayerNode root() {
        return new LayerNode(null, "", "", TarEntry.Type.DIRECTORY);
    }

    LayerNode child(String childName) {
        return children == null ? null : children.get(childName);
    }

    LayerNode add(String childName, String childPath, TarEntry.Type childType) {
        if (children == null) children = new HashMap<>();
        LayerNode n = new LayerNode(this, childName, childPath, childType);
        children.put(childName, n);
        return n;
    }

    /** Unlinks this node from its parent; returns it and everything under it, children before their parents. */
    List<LayerNode> detach() {
        parent.children.remove(name);
        List<LayerNode> preorder = new ArrayList<>();
        Deque<LayerNode> todo = new ArrayDeque<>(List.of(this));
        while (!todo.isEmpty()) {
            LayerNode n = todo.pop();
            n.gone = true;
            preorder.add(n);
            if (n.children != null) n.children.values().forEach(todo::push);
        }
        return preorder.reversed();
    }
}
