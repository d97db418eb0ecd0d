package io.strait.nat;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of FlowTable's index checked by Lincheck: small concurrent scenarios of
 * insert-if-absent, get and remove on 3 keys and 2 backends, each outcome compared with some
 * sequential execution of the same operations (the sequential specification is this class run on
 * one thread). Both strategies: model checking (thread switches at every shared-memory access)
 * and stress (real threads).
 *
 * <p>The bound stays above the key count on purpose. At the bound, and for {@code size()} and
 * {@code activeFlows()}, the table is not linearizable, and Lincheck shows it: an insert counts its
 * flow before linking it and a remove unlinks before giving the count back, so while another
 * thread is between those two steps {@code size()}/{@code activeFlows()} may count a flow
 * {@code get} does not see, and an insert may be refused as full although no sequential order
 * allows it (the same key being inserted or removed by another thread at that instant). The
 * counters are exact whenever no insert or remove is in flight; FlowTable's javadoc says so.
 */
@Param(name = "key", gen = IntGen.class, conf = "0:2")
@Param(name = "backend", gen = IntGen.class, conf = "0:1")
public class FlowTableLincheckIT {

  private static final int MAX_ENTRIES = 4; // above the 3 keys: never full
  private static final FlowKey[] KEYS = {Keys.udp(0), Keys.udp(1), Keys.udp(2)};
  private static final String[] BACKENDS = {"b0", "b1"};

  private final FlowTable<String> table = new FlowTable<>(MAX_ENTRIES, 1_000_000_000L, () -> 0L);

  public FlowTableLincheckIT() {}

  /** The backend of the live flow for the key (maybe another backend's), or "full". */
  @Operation
  public String insertIfAbsent(@Param(name = "key") int key, @Param(name = "backend") int backend) {
    Flow<String> flow = table.insertIfAbsent(KEYS[key], BACKENDS[backend]);
    return flow == null ? "full" : flow.backend();
  }

  /** The backend of the live flow for the key, or null. */
  @Operation
  public String get(@Param(name = "key") int key) {
    Flow<String> flow = table.get(KEYS[key]);
    return flow == null ? null : flow.backend();
  }

  /** Removes the key's live flow, as the dataplane does: look it up, then remove that flow. */
  @Operation
  public boolean removeKey(@Param(name = "key") int key) {
    Flow<String> flow = table.get(KEYS[key]);
    return flow != null && table.remove(flow);
  }

  @Test
  void modelChecking() {
    new ModelCheckingOptions()
        .iterations(15)
        .invocationsPerIteration(500)
        .threads(2)
        .actorsPerThread(3)
        .check(getClass());
  }

  @Test
  void stress() {
    new StressOptions()
        .iterations(15)
        .invocationsPerIteration(1_000)
        .threads(2)
        .actorsPerThread(3)
        .check(getClass());
  }
}
