package io.strait.nat;

/** Transport protocol of a flow; part of its {@link FlowKey}. */
public enum Protocol {
  TCP,
  UDP
}
