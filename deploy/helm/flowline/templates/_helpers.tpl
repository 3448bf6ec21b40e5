{{/* A service's settings: its entry under .Values.services over .Values.defaults. Call with (dict "root" $ "name" $name "values" $values). */}}
{{- define "flowline.service" -}}
{{- toYaml (merge (deepCopy .values) (deepCopy .root.Values.defaults)) -}}
{{- end }}

{{- define "flowline.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{- define "flowline.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end }}

{{- define "flowline.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{- define "flowline.labels" -}}
{{ include "flowline.selectorLabels" . }}
app.kubernetes.io/part-of: flowline
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end }}

{{/*
The environment of a service's container, the same for its Deployment and its migration Job (a
migration loads the service's whole configuration): PORT, the shared `env` and the service's own,
every enabled service's URL (<NAME>_URL), and the Secret's keys the service needs.
*/}}
{{- define "flowline.env" -}}
{{- $root := .root -}}
- name: PORT
  value: {{ .svc.port | quote }}
{{- range $key, $value := merge (deepCopy (.svc.env | default dict)) (deepCopy $root.Values.env) }}
- name: {{ $key }}
  value: {{ $value | quote }}
{{- end }}
{{- range $other, $o := $root.Values.services }}
{{- if $o.enabled }}
- name: {{ printf "%s_URL" ($other | upper | replace "-" "_") }}
  value: {{ printf "http://%s:%v" (include "flowline.fullname" (dict "root" $root "name" $other)) $o.port | quote }}
{{- end }}
{{- end }}
{{- range $key := concat $root.Values.secretEnv (.svc.secretEnv | default list) }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef: { name: {{ $root.Values.existingSecret }}, key: {{ $key }} }
{{- end }}
{{- range $key := .svc.optionalSecretEnv | default list }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef: { name: {{ $root.Values.existingSecret }}, key: {{ $key }}, optional: true }
{{- end }}
{{- end }}

{{/* Pod settings shared by Deployments and Jobs. */}}
{{- define "flowline.podSpec" -}}
automountServiceAccountToken: false
securityContext: {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity: {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - { name: tmp, emptyDir: {} }
{{- end }}
