package io.strait.nat;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The lock-free index of a {@link FlowTable}: a fixed array of bucket heads, each the start of
 * a singly linked chain of flows, newest first.
 *
 * <p>Thread-safe, lock-free. Three rules make it so (see {@link FlowTable}'s design comment for
 * the sources):
 *
 * <ol>
 *   <li>A flow is only ever linked in at the head of its chain, by one CAS of the head that
 *       expects the head the inserter scanned from. A successful CAS therefore proves that any
 *       flow linked in since the scan has been removed again (the head can only come back to
 *       an old value by unlinking), which is what makes insert-if-absent atomic.
 *   <li>Removal is logical first (the flow's one-way LIVE to REMOVED/EXPIRED CAS), physical
 *       after: a link is only ever swung from a removed flow to that flow's successor.
 *   <li>Hence chains are ordered by age and, from any flow, every live older flow of the chain
 *       stays reachable: a reader walking a chain cannot miss a flow that was live for the whole
 *       walk, whatever unlinking happens meanwhile.
 * </ol>
 *
 * <p>Two unlinkers racing on neighbouring flows can re-link a removed flow (Harris's classic
 * race, which his marked pointers prevent). Here it costs no correctness, since readers skip
 * removed flows and nothing is ever linked behind one, only garbage: each unlinker keeps
 * walking from the flow it linked in, and restarts its pass after any failed CAS, so when the
 * unlinkers finish, no removed flow is reachable. The stress test checks exactly that.
 */
final class Buckets<B> {

  private final AtomicReferenceArray<Flow<B>> heads;
  private final int mask;

  Buckets(int capacity) {
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("bucket count must be a power of two, got " + capacity);
    }
    this.heads = new AtomicReferenceArray<>(capacity);
    this.mask = capacity - 1;
  }

  int capacity() {
    return mask + 1;
  }

  int index(int hash) {
    return hash & mask;
  }

  Flow<B> head(int index) {
    return heads.get(index);
  }

  /** The live flow for {@code key} in the chain starting at {@code from}, or null. */
  static <B> Flow<B> find(Flow<B> from, int hash, FlowKey key) {
    for (Flow<B> f = from; f != null; f = f.next) {
      if (f.hash == hash && !f.isRemoved() && f.key().equals(key)) {
        return f;
      }
    }
    return null;
  }

  /** Links {@code flow} in as head if the head is still {@code expected}. */
  boolean pushIfHead(int index, Flow<B> expected, Flow<B> flow) {
    Flow.NEXT.set(flow, expected); // plain store, published by the CAS below
    return heads.compareAndSet(index, expected, flow);
  }

  /** Unlinks every removed flow of chain {@code index}; returns after a clean whole pass. */
  void unlinkRemoved(int index) {
    restart:
    while (true) {
      Flow<B> pred = null;
      Flow<B> cur = heads.get(index);
      while (cur != null) {
        Flow<B> next = cur.next;
        if (cur.isRemoved()) {
          boolean swung = pred == null
              ? heads.compareAndSet(index, cur, next)
              : Flow.NEXT.compareAndSet(pred, cur, next);
          if (!swung) {
            continue restart;
          }
        } else {
          pred = cur;
        }
        cur = next;
      }
      return;
    }
  }

  /** Visits every flow linked in any chain, removed or not (weakly consistent). */
  void forEachLinked(Consumer<Flow<B>> action) {
    for (int i = 0; i <= mask; i++) {
      for (Flow<B> f = heads.get(i); f != null; f = f.next) {
        action.accept(f);
      }
    }
  }
}
