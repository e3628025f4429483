export * from './types.ts';
export * from './errors.ts';
export * from './clock.ts';
export { createJobRunner, jobsSchema, type CreateJobRunnerOptions } from './job-runner.ts';
