package io.github.oras.operator.sidecar;

import java.util.function.LongConsumer;

/** Receives the running count of bytes a transfer moved; {@link #end()} when it is over. */
public interface TransferProgress extends LongConsumer {
  /** Reports nothing: pods, pipes, files. */
  TransferProgress NONE =
      new TransferProgress() {
        @Override
        public void accept(long bytes) {}

        @Override
        public void end() {}
      };

  /** The transfer is over (done or failed). */
  void end();
}
