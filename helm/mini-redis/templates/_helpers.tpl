{{/* The chart's name, or nameOverride. */}}
{{- define "mini-redis.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The release's resource name: fullnameOverride, else the release name when it already contains the chart's name,
else "<release>-<chart>". Kept to 63 characters less room for the "-redis"/"-http"/"-headless" suffixes.
*/}}
{{- define "mini-redis.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 54 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 54 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 54 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "mini-redis.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every resource. */}}
{{- define "mini-redis.labels" -}}
helm.sh/chart: {{ include "mini-redis.chart" . }}
{{ include "mini-redis.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the pods: never change them in an upgrade (a StatefulSet's selector is immutable). */}}
{{- define "mini-redis.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mini-redis.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "mini-redis.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "mini-redis.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "mini-redis.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end }}

{{/* The Secret holding the Redis password: the user's existing one, or the chart's. */}}
{{- define "mini-redis.secretName" -}}
{{- .Values.auth.existingSecret | default (printf "%s-auth" (include "mini-redis.fullname" .)) }}
{{- end }}

{{- define "mini-redis.secretKey" -}}
{{- if .Values.auth.existingSecret }}{{ .Values.auth.existingSecretKey }}{{ else }}password{{ end }}
{{- end }}

{{/* Where the application's Redis clients connect, and where the helm test pings. */}}
{{- define "mini-redis.redisHost" -}}
{{- if .Values.externalRedis.enabled }}{{ .Values.externalRedis.host }}{{ else }}{{ include "mini-redis.fullname" . }}-redis{{ end }}
{{- end }}

{{- define "mini-redis.redisPort" -}}
{{- if .Values.externalRedis.enabled }}{{ .Values.externalRedis.port }}{{ else }}{{ .Values.service.redis.port }}{{ end }}
{{- end }}

{{/* The label a pod needs to reach the Redis port when the NetworkPolicy is on. */}}
{{- define "mini-redis.clientLabel" -}}
{{ include "mini-redis.fullname" . }}-client
{{- end }}
