const KEY = 'flowline.console.token';

/** The bearer token the console calls the API with, kept for the browser tab's session only. */
export const session = {
  token(): string | null {
    return sessionStorage.getItem(KEY);
  },
  signIn(token: string): void {
    sessionStorage.setItem(KEY, token);
  },
  signOut(): void {
    sessionStorage.removeItem(KEY);
  },
};
