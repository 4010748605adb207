package dev.lakehouse.maintenance.scheduler;

import com.google.inject.Inject;
import io.airlift.log.Logger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

import static java.util.Objects.requireNonNull;

/**
 * Runs one evaluation per trigger; a slow evaluation delays the next one instead of overlapping it (also across
 * the instances of a clustered job store).
 */
@DisallowConcurrentExecution
public final class EvaluationJob
        implements Job
{
    private static final Logger log = Logger.get(EvaluationJob.class);

    private final Evaluator evaluator;

    @Inject
    public EvaluationJob(Evaluator evaluator)
    {
        this.evaluator = requireNonNull(evaluator, "evaluator is null");
    }

    @Override
    public void execute(JobExecutionContext context)
            throws JobExecutionException
    {
        try {
            evaluator.evaluate();
        }
        catch (RuntimeException e) {
            log.error(e, "Evaluation failed; the next one runs at %s", context.getNextFireTime());
            throw new JobExecutionException(e, false);
        }
    }
}
