/** What sign-in takes (the API refuses fields it does not define, like an account's name). */
export const credentials = ({ email, password }: { email: string; password: string }) => ({
  email,
  password,
});

// The installation's accounts across specs: first-run creates the admin, later specs sign in with it.
export const admin = {
  name: 'Grace Hopper',
  email: 'grace@example.com',
  password: 'a long and secret passphrase',
};
export const developer = {
  name: 'Linus Builder',
  email: 'linus@example.com',
  password: 'another long passphrase',
};
export const reviewer = {
  name: 'Rita Reviewer',
  email: 'rita@example.com',
  password: 'a reviewer passphrase',
};
