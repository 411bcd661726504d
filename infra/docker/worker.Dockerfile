# ComputeEngine.Worker image. Build context: the repository root (azure.yaml: docker.context).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# The whole solution source: project references and Directory.*.props resolve as in a local build.
COPY . .
RUN dotnet publish ComputeEngine.Worker/ComputeEngine.Worker.csproj -c Release -o /app /p:UseAppHost=false

# With Python, for algorithms the worker runs through its Python runner (runners/python, in /app) in
# persistent processes: `docker build --target python`; the chart runs it as worker.python.image. The
# default target stays the chiseled .NET-only image below (the last stage).
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS python
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "ComputeEngine.Worker.dll"]

# Chiseled: no shell or package manager. InvariantGlobalization (Directory.Build.props) means no ICU is needed.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS final
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "ComputeEngine.Worker.dll"]
