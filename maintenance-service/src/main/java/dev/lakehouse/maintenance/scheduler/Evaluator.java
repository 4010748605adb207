package dev.lakehouse.maintenance.scheduler;

/**
 * One evaluation tick over the whole warehouse: observe each table, measure, decide what maintenance it needs.
 */
public interface Evaluator
{
    void evaluate();
}
