import axios, { type AxiosInstance } from 'axios';
import type { ServiceCredentials } from './service-credentials';

/** Another Flowline service gave no answer: not reachable, or slower than the call's timeout. */
export class ServiceUnreachableError extends Error {}

export interface ServiceAnswer<T = unknown> {
  status: number;
  data: T;
}

/**
 * Calls to another Flowline service as this service, scoped to the org the call is about (a service
 * token, never a user's). Every status is an answer for the caller to read; only no answer at all is an
 * error. Never through an HTTP proxy from the environment: the token stays on this hop.
 */
export class ServiceHttp {
  private readonly http: AxiosInstance;

  constructor(
    baseUrl: string,
    private readonly credentials: ServiceCredentials,
    timeoutMs: number,
  ) {
    this.http = axios.create({
      baseURL: baseUrl.replace(/\/+$/, ''),
      timeout: timeoutMs,
      validateStatus: () => true,
      proxy: false,
    });
  }

  get<T = unknown>(orgId: string, path: string): Promise<ServiceAnswer<T>> {
    return this.request<T>(orgId, 'GET', path);
  }

  post<T = unknown>(orgId: string, path: string, body: unknown): Promise<ServiceAnswer<T>> {
    return this.request<T>(orgId, 'POST', path, body);
  }

  private async request<T>(
    orgId: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<ServiceAnswer<T>> {
    try {
      const { status, data } = await this.http.request<T>({
        method,
        url: path,
        data: body,
        headers: this.credentials.authorizationHeader(orgId),
      });
      return { status, data };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new ServiceUnreachableError(`${method} ${path}: ${why}`);
    }
  }
}
