import { Problem } from '../problems/problem';

/** Carries a problem out of a controller to the filter that writes it. */
export class ProblemException extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}
