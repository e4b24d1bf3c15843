/** The apps running on the real servers, in the test's process or as processes of their own: what the end-to-end tests and the bench drive. */
export * from './app-process';
export * from './running-system';
export * from './system-in-processes';
