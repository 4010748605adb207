package dev.lakehouse.producttests;

import java.time.Duration;

/**
 * Waits for something another process does.
 */
final class Polling
{
    interface Condition
    {
        boolean holds()
                throws Exception;
    }

    private Polling() {}

    static void await(Condition condition, Duration timeout, String description)
            throws Exception
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Timed out after %s waiting for %s".formatted(timeout, description));
    }
}
