package dev.lamina.builder.dockerfile;

import java.util.List;

/**
 * One logical line split as moby's parser does before the instructions are typed:
 * the keyword as written, its --flags, its arguments (per keyword: JSON strings, blank
 * separated words, quote-aware words, or the rest of the line), whether they were a
 * JSON array, the line as written (continuations joined), ONBUILD's instruction, and
 * the here-documents that followed. ENV and LABEL arguments come as (key, value,
 * separator) triples, the separator "" for the old {@code ENV key value} form.
 */
record Node(String keyword, List<String> flags, List<String> args, boolean json, String original,
            Node child, List<Heredoc> heredocs, int line) {

    Node withHeredocs(List<Heredoc> docs, int startLine) {
        return new Node(keyword, flags, args, json, original, child, docs, startLine);
    }

    /** RUN, COPY and ADD in shell form take here-documents, also as ONBUILD's instruction. */
    boolean takesHeredocs() {
        Node target = keyword.equalsIgnoreCase("onbuild") && child != null ? child : this;
        String k = target.keyword.toLowerCase(java.util.Locale.ROOT);
        return (k.equals("run") || k.equals("copy") || k.equals("add")) && !target.json;
    }
}
