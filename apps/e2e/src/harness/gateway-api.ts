import axios, { type AxiosInstance } from 'axios';

/** An HTTP client for the gateway that never throws on a status, optionally with a bearer token. */
export function gatewayApi(gatewayUrl: string, accessToken?: string): AxiosInstance {
  return axios.create({
    baseURL: gatewayUrl,
    headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {},
    validateStatus: () => true,
    timeout: 30_000,
  });
}
